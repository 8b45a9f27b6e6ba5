// A plan named in a request body (a file on the server by path, or the YAML text) and its RAM budget, as the run
// start and the pre-flight checks take it.
import path from "node:path";
import { redactPlanIssues } from "../domain/plan/plan-redact";
import { parseSize, SIZE_FORM } from "../domain/units";
import type { Engine } from "../engine/engine";
import { isPlanRejected } from "../engine/errors";
import { readPlanFile } from "../engine/plan-files";
import type { StartRunInput } from "../engine/run/controller";
import { jsonError } from "./respond";

export type PlanBody = { path?: string; plan?: string; budget?: string };

/** The start input of a body, or the 400 to answer (a bad budget; a file outside PARATRACK_PLAN_DIRS throws). */
export function planInputOf(engine: Engine, body: PlanBody): StartRunInput | Response {
  let budgetBytes: number | null = null;
  if (body.budget !== undefined) {
    budgetBytes = parseSize(body.budget);
    if (budgetBytes === null || budgetBytes <= 0) return jsonError(400, `budget must be ${SIZE_FORM}`);
  }
  const input = body.path
    ? readPlanFile(body.path, { allowedDirs: engine.config.planDirs, yamlNamesOnly: true })
    : {
        source: body.plan ?? "",
        fileName: "plan.yaml",
        // A plan sent as text resolves relative workdirs against the server's working directory.
        baseDir: path.resolve(/*turbopackIgnore: true*/ process.cwd()),
        planPath: null,
      };
  return { ...input, budgetBytes };
}

/** A plan file named by path may be anything the server can read: its problems are told without its text. */
export function redactRejection(body: PlanBody, error: unknown): Response | null {
  if (!body.path || !isPlanRejected(error)) return null;
  return jsonError(400, error.message, {
    errors: redactPlanIssues(error.errors),
    warnings: redactPlanIssues(error.warnings),
  });
}
