// POST /api/tracks/:key/report: an agent's daily status (the seed's YAML fields, as JSON).
import { reportTrack } from "@/lib/contracts/tracks";
import { parseDailyStatus } from "@/lib/domain/coordination/daily-status";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const POST = handle(reportTrack, ({ engine, params, body, request }) => {
  const { key } = params;
  if (body.track !== undefined && body.track !== key) {
    return jsonError(
      400,
      `the report names track "${String(body.track).slice(0, 64)}" but was posted to track "${key}"`,
    );
  }
  const parsed = parseDailyStatus({ ...body, track: key });
  if (!parsed.ok) {
    const summary = parsed.errors.map((e) => `${e.path || "report"}: ${e.message}`).join("; ");
    return jsonError(400, `invalid report: ${summary}`, parsed.errors);
  }
  const source = request.headers.get("x-paratrack-source") === "cli" ? "cli" : "api";
  // A track's report-only token is its agents': it reports for that track only. Any other caller (the lead's
  // token, the dashboard) is the lead.
  const bearer = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  const scope = bearer === "" ? null : engine.runs.reportTokenScope(bearer);
  if (scope?.track && scope.track !== key)
    return jsonError(
      403,
      `this PARATRACK_REPORT_TOKEN is track "${scope.track}"'s: an agent reports for its own track only`,
    );
  const reporter = scope ? "agent" : "lead";
  return engine.runs.report(key, parsed.report, source, reporter);
});
