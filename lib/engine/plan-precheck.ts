// A plan file read and checked before anything starts (schema, graph; the RAM check needs a memory sample and comes
// later): the headless run and `paratrack run`'s dashboard mode refuse a plan the same way, with the same lines.
import { formatPlanIssues, type PlanIssue, validatePlan } from "../domain/plan/plan-validate";
import { PlanFileError, readPlanFile } from "./plan-files";
import type { StartRunInput } from "./run/run-start";

/** The plan read, or the exit code after saying why not (2 unreadable, 1 invalid), each line through `say`. */
export function precheckPlanFile(
  planPath: string,
  say: (line: string) => void,
): { ok: true; input: StartRunInput } | { ok: false; exitCode: 1 | 2 } {
  let input: StartRunInput;
  try {
    input = readPlanFile(planPath);
  } catch (error) {
    if (!(error instanceof PlanFileError)) throw error;
    say(`paratrack: ${error.message}`);
    return { ok: false, exitCode: 2 };
  }
  const result = validatePlan(input.source, {
    fileName: input.fileName,
    baseDir: input.baseDir,
    effectiveTotalBytes: null,
  });
  if (result.ok) return { ok: true, input };
  printIssues(say, [...result.errors, ...result.warnings]);
  say(`${planPath}: invalid plan, nothing started`);
  return { ok: false, exitCode: 1 };
}

/** Issues by line and column, in validate's format. */
export function printIssues(say: (line: string) => void, issues: readonly PlanIssue[]): void {
  const sorted = [...issues].sort((a, b) => a.line - b.line || a.column - b.column);
  for (const line of formatPlanIssues(sorted)) say(line);
}
