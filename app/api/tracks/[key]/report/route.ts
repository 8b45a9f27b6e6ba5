// POST /api/tracks/:key/report: an agent's daily status (the seed's YAML fields, as JSON).
import { parseDailyStatus } from "@/lib/domain/daily-status";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, jsonError, readJson, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function POST(request: Request, ctx: { params: Promise<{ key: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const { key } = await ctx.params;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  if (!body.body || typeof body.body !== "object" || Array.isArray(body.body)) {
    return jsonError(400, "the report must be a JSON object with the daily-status fields");
  }
  const input = body.body as Record<string, unknown>;
  if (input.track !== undefined && input.track !== key) {
    return jsonError(400, `the report names track "${String(input.track)}" but was posted to track "${key}"`);
  }
  const parsed = parseDailyStatus({ ...input, track: key });
  if (!parsed.ok) {
    const summary = parsed.errors.map((e) => `${e.path || "report"}: ${e.message}`).join("; ");
    return jsonError(400, `invalid report: ${summary}`, parsed.errors);
  }
  const source = request.headers.get("x-paratrack-source") === "cli" ? "cli" : "api";
  try {
    return Response.json(await engine.runs.report(key, parsed.report, source));
  } catch (error) {
    return toErrorResponse(error);
  }
}
