// GET: runs, newest first. POST: start a run from a plan file path or a plan body (YAML text); failed pre-flight
// checks answer 409 with the results unless `override` gives the lead's reason to start anyway.
import { listRuns, startRun } from "@/lib/contracts/runs";
import { handle } from "@/lib/http/handle";
import { planInputOf, redactRejection } from "@/lib/http/plan-body";

export const dynamic = "force-dynamic";

export const GET = handle(listRuns, ({ engine }) => engine.listRuns());

export const POST = handle(startRun, async ({ engine, body }) => {
  const input = planInputOf(engine, body);
  if (input instanceof Response) return input;
  try {
    return Response.json(await engine.runs.startRun({ ...input, override: body.override ?? null }), {
      status: 201,
    });
  } catch (error) {
    const redacted = redactRejection(input, body, error);
    if (redacted) return redacted;
    throw error;
  }
});
