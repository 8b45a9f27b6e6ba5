import { toErrorResponse } from "@/lib/http/errors";
import { requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const runId = new URL(request.url).searchParams.get("runId") ?? undefined;
  try {
    return Response.json(await engine.queries.trackViews(runId));
  } catch (error) {
    return toErrorResponse(error);
  }
}
