// `paratrack check <plan>`: the pre-activation checks a run does before it starts (programs on PATH, workdirs,
// required environment, local models, memory for the critical tracks, git state); exit 0 when nothing fails,
// 1 when a check fails (or the plan is invalid), 2 when the file cannot be read.
import path from "node:path";
import { Command } from "commander";
import { formatPlanIssues, validatePlan } from "../../lib/domain/plan/plan-validate";
import {
  formatPreflight,
  formatPreflightSummary,
  type PreflightResult,
  summarisePreflight,
} from "../../lib/domain/plan/preflight";
import type { Plan } from "../../lib/domain/types";
import { formatBytes } from "../../lib/domain/units";
import { PlanFileError, readPlanFile } from "../../lib/engine/plan-files";
import { createOllamaClient } from "../../lib/models/ollama";
import { readMeminfo } from "../../lib/monitor/meminfo";
import { runPreflight } from "../../lib/preflight/run-preflight";
import { readMemTotalBytes } from "./validate";

export function createCheckCommand(): Command {
  return new Command("check")
    .description("run the pre-flight checks of a plan: programs, workdirs, environment, models, memory, git")
    .argument("<plan>", "plan file (YAML)")
    .option("--json", "print the results as JSON")
    .action(async (planPath: string, options: { json?: boolean }) => {
      process.exitCode = await runCheck(planPath, options);
    });
}

/** Checks one plan file against this machine, prints the outcome and returns the exit code. */
export async function runCheck(planPath: string, options: { json?: boolean }): Promise<number> {
  let source: string;
  try {
    // The same reader as validate and the server: regular files only (a FIFO or /dev/zero would hang or fill
    // memory), at most the plan size limit, UTF-8 only.
    source = readPlanFile(planPath).source;
  } catch (error) {
    console.error(
      error instanceof PlanFileError
        ? error.message
        : `${planPath}: cannot read: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 2;
  }
  const validation = validatePlan(source, {
    fileName: planPath,
    baseDir: path.dirname(path.resolve(planPath)),
    effectiveTotalBytes: readMemTotalBytes(),
  });
  if (!validation.ok) {
    for (const line of formatPlanIssues(validation.errors)) console.log(line);
    console.log(`${planPath}: invalid plan, not checked (see paratrack validate)`);
    return 1;
  }
  const plan = validation.plan;
  const results = await runPreflight(plan, {
    env: process.env,
    ollama: createOllamaClient({ host: process.env.OLLAMA_HOST }),
    memory: await readAvailableMemory(plan),
  });
  const summary = summarisePreflight(results);
  if (options.json) {
    console.log(JSON.stringify({ ok: summary.ok, summary, results } satisfies CheckOutput, null, 2));
  } else {
    for (const line of formatPreflight(results)) console.log(line);
    console.log(`${planPath}: ${formatPreflightSummary(summary)}`);
  }
  return summary.ok ? 0 : 1;
}

type CheckOutput = {
  ok: boolean;
  summary: ReturnType<typeof summarisePreflight>;
  results: PreflightResult[];
};

// What the tracks may use now: the machine's available memory, or less when the plan sets a budget.
async function readAvailableMemory(plan: Plan): Promise<{ availableBytes: number; source: string } | null> {
  const meminfo = await readMeminfo();
  if (meminfo === null) return null;
  if (plan.ram.budget !== "auto" && plan.ram.budget < meminfo.availableBytes) {
    return {
      availableBytes: plan.ram.budget,
      source: `the plan's ram.budget ${formatBytes(plan.ram.budget)}`,
    };
  }
  return { availableBytes: meminfo.availableBytes, source: "MemAvailable" };
}
