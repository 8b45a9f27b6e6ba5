// A plan named in a request body (a file on the server by path, or the YAML text) and its RAM budget, as the run
// start and the pre-flight checks take it.
import path from "node:path";
import type { PlanIssue } from "../domain/plan/plan-issues";
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
export function redactRejection(input: StartRunInput, body: PlanBody, error: unknown): Response | null {
  if (!body.path || !isPlanRejected(error)) return null;
  // The parser's own unquoted pieces go first, while its sentence is still whole enough to be recognised.
  const redact = (issues: readonly PlanIssue[]) =>
    redactPlanIssues(
      issues.map((issue) => ({ ...issue, message: withoutYamlQuotes(issue.message) })),
      input.source,
    );
  return jsonError(400, error.message, {
    errors: redact(error.errors),
    warnings: redact(error.warnings),
  });
}

/**
 * The YAML parser's messages that repeat a piece of the text unquoted (an alias, a tag, a directive, a block
 * scalar header, an escape): that piece becomes "…", the rest of the sentence stays.
 */
const YAML_QUOTING: readonly RegExp[] = [
  /^((?:YAML: )?(?:Unresolved alias \(the anchor must be set before the alias\)|Block scalar header includes extra characters|Unresolved tag|Not a valid tag|Could not resolve tag): ).+$/s,
  /^((?:YAML: )?(?:Invalid escape sequence|Unsupported YAML version|Unknown directive|Plain value cannot start with) ).+$/s,
  /^((?:YAML: )?Verbatim tags aren't resolved, so ).+( is invalid\.)$/s,
  /^((?:YAML: )?The ).+( tag has no suffix)$/s,
];

function withoutYamlQuotes(message: string): string {
  for (const pattern of YAML_QUOTING) {
    const match = pattern.exec(message);
    if (match) return `${match[1]}…${match[2] ?? ""}`;
  }
  return message;
}
