// Looks at Slurm from this host for the pre-flight checks (lib/domain/plan/preflight-slurm.ts says what the facts
// mean): which client commands are on PATH, whether SLURM_CONF can be read, whether slurmctld answers `scontrol ping`
// and which partitions it has. Each command has a short timeout: a check must not hang on a dead controller.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { SLURM_COMMANDS, type SlurmPartitionFact, type SlurmProbe } from "../../domain/plan/preflight-slurm";
import { runSlurm, type SlurmCliOptions } from "./cli";
import { SlurmError } from "./errors";
import { parseSlurmRecords } from "./records";

/** Slurm's tools retry a controller that does not answer for 10 s and more; a check waits this long at most. */
export const PROBE_TIMEOUT_MS = 15_000;

export type SlurmProbeOptions = {
  /** The server's environment: PATH for the commands, SLURM_CONF for the configuration. */
  env: Readonly<Record<string, string | undefined>>;
  timeoutMs?: number;
};

/** Probes Slurm as the server's executor would reach it; never throws (what failed is in the result). */
export async function probeSlurm(options: SlurmProbeOptions): Promise<SlurmProbe> {
  const { env } = options;
  const missingCommands: string[] = [];
  for (const command of SLURM_COMMANDS) {
    if (!(await isOnPath(command, env.PATH ?? ""))) missingCommands.push(command);
  }
  const confPath = env.SLURM_CONF?.trim() || null;
  const config = { path: confPath, problem: confPath === null ? null : await configProblem(confPath) };
  const probe: SlurmProbe = { missingCommands, config, controller: null, partitions: null };
  // Nothing to ask without scontrol or with a configuration Slurm cannot read (the checks above say so).
  if (missingCommands.includes("scontrol") || config.problem !== null) return probe;

  const cli: SlurmCliOptions = {
    timeoutMs: options.timeoutMs ?? PROBE_TIMEOUT_MS,
    slurmConf: confPath,
    ...(env.PATH !== undefined ? { env: { PATH: env.PATH } } : {}),
  };
  try {
    probe.controller = { ok: true, message: withoutBanner(await runSlurm("scontrol", ["ping"], cli)) };
  } catch (error) {
    probe.controller = { ok: false, message: describeFailure(error) };
    return probe;
  }
  try {
    const output = await runSlurm("scontrol", ["--all", "--oneliner", "show", "partition"], cli);
    probe.partitions = { ok: true, list: parsePartitions(output) };
  } catch (error) {
    probe.partitions = { ok: false, message: describeFailure(error) };
  }
  return probe;
}

/** `scontrol show partition --oneliner` records as name, default flag and state. */
export function parsePartitions(output: string): SlurmPartitionFact[] {
  return parseSlurmRecords(output)
    .filter((record) => record.PartitionName !== undefined)
    .map((record) => ({
      name: record.PartitionName ?? "",
      isDefault: record.Default === "YES",
      state: record.State ?? "",
    }));
}

async function isOnPath(command: string, searchPath: string): Promise<boolean> {
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === "") continue;
    try {
      const file = path.join(dir, command);
      await access(file, constants.X_OK);
      if ((await stat(file)).isFile()) return true;
    } catch {
      // not here
    }
  }
  return false;
}

async function configProblem(file: string): Promise<SlurmProbe["config"]["problem"]> {
  try {
    if (!(await stat(file)).isFile()) return "not-a-file";
  } catch {
    return "missing";
  }
  try {
    await access(file, constants.R_OK);
    return null;
  } catch {
    return "unreadable";
  }
}

// `scontrol ping` prints a banner of asterisks under "… is DOWN": the words are kept, the banner's frame is not.
function withoutBanner(text: string): string {
  const parts = text
    .split(/\n|; /)
    .map((part) => part.trim().replace(/^\*+\s*|\s*\*+$/g, ""))
    .filter((part) => part !== "");
  return parts.join("; ") || text.trim();
}

function describeFailure(error: unknown): string {
  if (error instanceof SlurmError) return withoutBanner(error.message);
  return error instanceof Error ? error.message : String(error);
}
