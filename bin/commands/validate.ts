// `paratrack validate <plan>`: every problem of a plan file with file:line:col; exit 0 valid, 1 invalid, 2 unreadable.
import path from "node:path";
import { Command } from "commander";
import { formatPlanIssues, type PlanIssue, validatePlan } from "../../lib/domain/plan/plan-validate";
import { parsePositiveSize } from "../../lib/domain/units";
import { PlanFileError, readPlanFile } from "../../lib/engine/plan-files";
import { readMeminfo } from "../../lib/monitor/meminfo";

export function createValidateCommand(): Command {
  return new Command("validate")
    .description("check a plan file and report every problem with file:line:column")
    .argument("<plan>", "plan file (YAML)")
    .option("--ram-total <size>", "check RAM estimates against this total instead of this machine's MemTotal")
    .option("--json", "print the result (issues and the normalised plan) as JSON")
    .action((planPath: string, options: { ramTotal?: string; json?: boolean }) => {
      process.exitCode = runValidate(planPath, options);
    });
}

/** Validates one plan file, prints the outcome and returns the exit code. */
export function runValidate(planPath: string, options: { ramTotal?: string; json?: boolean }): number {
  let source: string;
  try {
    // The same reader as the server: regular files only, at most the plan size limit.
    source = readPlanFile(planPath).source;
  } catch (error) {
    const message =
      error instanceof PlanFileError ? error.message : `${planPath}: cannot read: ${String(error)}`;
    // A script reading --json gets JSON whatever happened.
    if (options.json) console.log(JSON.stringify({ ok: false, readable: false, error: message }, null, 2));
    else console.error(message);
    return 2;
  }
  let effectiveTotalBytes = readMemTotalBytes();
  if (options.ramTotal !== undefined) {
    // A total of 0 would make every estimate "never admitted": a usage error, not a finding about the plan.
    const total = parsePositiveSize(options.ramTotal);
    if ("problem" in total) {
      const message = `--ram-total: ${total.problem}`;
      // The plan was read; there is no result to give: the same shape as for an unreadable file.
      if (options.json) console.log(JSON.stringify({ ok: false, readable: true, error: message }, null, 2));
      else console.error(message);
      return 2;
    }
    effectiveTotalBytes = total.bytes;
  }
  const result = validatePlan(source, {
    fileName: planPath,
    baseDir: path.dirname(path.resolve(planPath)),
    effectiveTotalBytes,
  });
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return result.ok ? 0 : 1;
  }
  const issues: PlanIssue[] = [...(result.ok ? [] : result.errors), ...result.warnings].sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
  for (const line of formatPlanIssues(issues)) console.log(line);
  const warnings = countOf(result.warnings.length, "warning");
  console.log(
    result.ok
      ? `${planPath}: valid, ${countOf(result.plan.tracks.length, "track")}, ${warnings}`
      : `${planPath}: invalid, ${countOf(result.errors.length, "error")}, ${warnings}`,
  );
  return result.ok ? 0 : 1;
}

/** MemTotal from /proc/meminfo in bytes, or null where there is none (not Linux). */
export function readMemTotalBytes(): number | null {
  return readMeminfo()?.totalBytes ?? null;
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
