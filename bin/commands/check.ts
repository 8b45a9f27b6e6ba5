// `paratrack check <plan>`: the pre-activation checks a run does before it starts (programs on PATH, workdirs,
// required environment, local models, memory for the critical tracks, git state, agents of the data directory
// its database does not know) and, while no server runs, processes of ended agents that still run; exit 0 when
// nothing fails, 1 when a check fails (or the plan is invalid), 2 when the file cannot be read.
import { existsSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { type Config, loadConfig } from "../../lib/config";
import { sqlitePathFromUrl } from "../../lib/db/migrate";
import { formatPlanIssues, validatePlan } from "../../lib/domain/plan/plan-validate";
import {
  failed,
  formatPreflight,
  formatPreflightSummary,
  type PreflightResult,
  summarisePreflight,
} from "../../lib/domain/plan/preflight";
import type { Plan } from "../../lib/domain/types";
import { formatBytes } from "../../lib/domain/units";
import { checkEndedAgentOrphans } from "../../lib/engine/ended-agent-orphans";
import { PlanFileError, readPlanFile } from "../../lib/engine/plan-files";
import { checkDataDirAgents } from "../../lib/engine/unknown-agents";
import { createOllamaClient } from "../../lib/models/ollama";
import { readMeminfo } from "../../lib/monitor/meminfo";
import { runPreflight } from "../../lib/preflight/run-preflight";
import { readMemTotalBytes } from "./validate";

export function createCheckCommand(): Command {
  return new Command("check")
    .description("run the pre-flight checks of a plan: programs, workdirs, environment, models, memory, git")
    .argument("<plan>", "plan file (YAML)")
    .option("--json", "print the results as JSON")
    .option("--data-dir <dir>", "the data directory a run would use (default DATA_DIR or ./data)")
    .action(async (planPath: string, options: CheckOptions) => {
      process.exitCode = await runCheck(planPath, options);
    });
}

type CheckOptions = { json?: boolean; dataDir?: string };

/** Checks one plan file against this machine, prints the outcome and returns the exit code. */
export async function runCheck(planPath: string, options: CheckOptions): Promise<number> {
  let source: string;
  try {
    // The same reader as validate and the server: regular files only (a FIFO or /dev/zero would hang or fill
    // memory), at most the plan size limit, UTF-8 only.
    source = readPlanFile(planPath).source;
  } catch (error) {
    const message =
      error instanceof PlanFileError
        ? error.message
        : `${planPath}: cannot read: ${error instanceof Error ? error.message : String(error)}`;
    // A script reading --json gets JSON whatever happened (as from validate).
    if (options.json) console.log(JSON.stringify({ ok: false, readable: false, error: message }, null, 2));
    else console.error(message);
    return 2;
  }
  const validation = validatePlan(source, {
    fileName: planPath,
    baseDir: path.dirname(path.resolve(planPath)),
    effectiveTotalBytes: readMemTotalBytes(),
  });
  if (!validation.ok) {
    if (options.json) {
      const { errors, warnings } = validation;
      console.log(JSON.stringify({ ok: false, valid: false, errors, warnings }, null, 2));
      return 1;
    }
    for (const line of formatPlanIssues(validation.errors)) console.log(line);
    console.log(`${planPath}: invalid plan, not checked (see paratrack validate)`);
    return 1;
  }
  const plan = validation.plan;
  const results = [
    ...(await runPreflight(plan, {
      env: process.env,
      ollama: createOllamaClient({ host: process.env.OLLAMA_HOST }),
      memory: await readAvailableMemory(plan),
    })),
    ...(await checkAgents(options.dataDir)),
  ];
  const summary = summarisePreflight(results);
  if (options.json) {
    console.log(JSON.stringify({ ok: summary.ok, summary, results } satisfies CheckOutput, null, 2));
  } else {
    for (const line of formatPreflight(results)) console.log(line);
    console.log(`${planPath}: ${formatPreflightSummary(summary)}`);
  }
  return summary.ok ? 0 : 1;
}

/**
 * The server's own `agents` check, from here: agents running from the data directory that its database has no
 * record of; and, while no server runs on it, processes of agents it knows have ended that still run (orphans the
 * next start would end). The database is opened (and closed again) only when such a process may exist; a data
 * directory without one is not created.
 */
async function checkAgents(dataDir: string | undefined): Promise<PreflightResult[]> {
  let config: Config;
  try {
    config = loadConfig(dataDir === undefined ? process.env : { ...process.env, DATA_DIR: dataDir });
  } catch (error) {
    return [failed("agents", null, `agents not checked: ${(error as Error).message}`, "info")];
  }
  // Prisma loads only when needed: most checks find no agent.
  const opened: { db?: typeof import("../../lib/db/client") } = {};
  const openDb = async () => {
    const url = config.databaseUrl;
    const db = await import("../../lib/db/client");
    if (!db.isPostgresUrl(url) && !existsSync(sqlitePathFromUrl(url))) return null;
    opened.db = db;
    return db.prepareDatabase(url);
  };
  try {
    return [
      ...(await checkDataDirAgents(openDb, config.dataDir)),
      ...(await checkEndedAgentOrphans(openDb, config.databaseUrl, config.dataDir)),
    ];
  } finally {
    await opened.db?.closeDb();
  }
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
