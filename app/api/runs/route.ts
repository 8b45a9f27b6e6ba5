// GET: runs, newest first. POST: start a run from a plan file path or a plan body (YAML text).
import path from "node:path";
import { listRuns, startRun } from "@/lib/contracts/runs";
import { redactPlanIssues } from "@/lib/domain/plan-redact";
import { parseSize, SIZE_FORM } from "@/lib/domain/units";
import { isPlanRejected } from "@/lib/engine/errors";
import { readPlanFile } from "@/lib/engine/plan-files";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(listRuns, ({ engine }) => engine.listRuns());

export const POST = handle(startRun, async ({ engine, body }) => {
  let budgetBytes: number | null = null;
  if (body.budget !== undefined) {
    budgetBytes = parseSize(body.budget);
    if (budgetBytes === null || budgetBytes <= 0) return jsonError(400, `budget must be ${SIZE_FORM}`);
  }
  const input = body.path
    ? readPlanFile(body.path, { allowedDirs: engine.config.planDirs, yamlNamesOnly: true })
    : {
        source: body.plan!,
        fileName: "plan.yaml",
        // A plan sent as text resolves relative workdirs against the server's working directory.
        baseDir: path.resolve(/*turbopackIgnore: true*/ process.cwd()),
        planPath: null,
      };
  try {
    return Response.json(await engine.runs.startRun({ ...input, budgetBytes }), { status: 201 });
  } catch (error) {
    // A file named by path may be anything the server can read: its problems are told without its text.
    if (body.path && isPlanRejected(error)) {
      return jsonError(400, error.message, {
        errors: redactPlanIssues(error.errors),
        warnings: redactPlanIssues(error.warnings),
      });
    }
    throw error;
  }
});
