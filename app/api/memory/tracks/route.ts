// Per-track memory over time for the stacked area: GET /api/memory/tracks?since=<ISO>&runId=
import { toErrorResponse } from "@/lib/http/errors";
import { jsonError, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const params = new URL(request.url).searchParams;
  const sinceText = params.get("since");
  const since = sinceText ? new Date(sinceText) : new Date(Date.now() - 10 * 60_000);
  if (Number.isNaN(since.getTime())) return jsonError(400, `since must be an ISO time, got "${sinceText}"`);
  try {
    return Response.json(await engine.queries.trackMemory(since, params.get("runId") ?? undefined));
  } catch (error) {
    return toErrorResponse(error);
  }
}
