import { toErrorResponse } from "@/lib/http/errors";
import { parseLimit, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request, ctx: { params: Promise<{ key: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { key } = await ctx.params;
  const params = new URL(request.url).searchParams;
  const tail = parseLimit(params.get("tail"), 200, 5000);
  if (tail instanceof Response) return tail;
  try {
    return Response.json(await engine.queries.trackLogs(key, tail, params.get("runId") ?? undefined));
  } catch (error) {
    return toErrorResponse(error);
  }
}
