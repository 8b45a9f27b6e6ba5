// Test fixtures for plan validation: a plan's errors from its lines, and the one message at a field path.
import { type PlanIssue, validatePlan } from "./plan-validate";

/** The errors of a plan given as lines (plan.yaml in /plans, no machine size); throws if the plan is valid. */
export function errorsOf(lines: readonly string[]): PlanIssue[] {
  const result = validatePlan(lines.join("\n"), {
    fileName: "plan.yaml",
    baseDir: "/plans",
    effectiveTotalBytes: null,
  });
  if (result.ok) throw new Error("expected the plan to be invalid");
  return result.errors;
}

/** The message of the one error at `path`; throws, listing every error, when there is none or more than one. */
export function messageAt(errors: readonly PlanIssue[], path: string): string {
  const found = errors.filter((issue) => issue.path === path);
  if (found.length !== 1)
    throw new Error(`expected one error at ${path}, got ${found.length}: ${JSON.stringify(errors, null, 1)}`);
  return found[0]!.message;
}
