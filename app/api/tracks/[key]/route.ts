import { toErrorResponse } from "@/lib/http/errors";
import { requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ key: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { key } = await ctx.params;
  const runId = new URL(request.url).searchParams.get("runId") ?? undefined;
  try {
    return Response.json(await engine.queries.trackDetail(key, runId));
  } catch (error) {
    return toErrorResponse(error);
  }
}
