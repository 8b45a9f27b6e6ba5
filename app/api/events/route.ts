import { parseLimit, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const params = new URL(request.url).searchParams;
  const limit = parseLimit(params.get("limit"), 50, 1000);
  if (limit instanceof Response) return limit;
  const runId = params.get("runId") ?? undefined;
  const trackKey = params.get("track") ?? undefined;
  // ?kind=governor: lists events whose kind starts with that text (e.g. the governor's decisions).
  const kindPrefix = params.get("kind") ?? undefined;
  return Response.json(await engine.listEvents({ limit, runId, trackKey, kindPrefix }));
}
