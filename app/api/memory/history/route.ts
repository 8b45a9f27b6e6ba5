import { jsonError, parseLimit, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const params = new URL(request.url).searchParams;
  const sinceText = params.get("since");
  let since: Date | undefined;
  if (sinceText !== null) {
    since = new Date(sinceText);
    if (Number.isNaN(since.getTime()))
      return jsonError(400, `since must be an ISO time such as 2026-01-31T12:00:00Z, got "${sinceText}"`);
  }
  const limit = parseLimit(params.get("limit"), 600, 10_000);
  if (limit instanceof Response) return limit;
  return Response.json(await engine.memoryHistory({ since, limit }));
}
