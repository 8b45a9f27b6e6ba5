// Starts agents through paratrack-shim (native/shim), so that they do not depend on the server process: output
// goes to a log file, the exit status to an exit file, and a restarted server can adopt them (see adopt.ts).
// This module starts fresh agents and measures many at once; agent-handle.ts is the handle both kinds share.

import { rmSync, statSync } from "node:fs";
import { type PssSource, readProcSnapshot, sumTreeMemory, type TreeMemory } from "../monitor/process-tree";
import { buildAgentEnv } from "./agent-env";
import { createAgentHandle, leaderEndFromRecord } from "./agent-handle";
import type { AgentProcess, CreateAgentProcessOptions } from "./agent-types";
import { exitFilePathFor } from "./exit-file";
import { cursorAtEnd } from "./log-follower";
import { appendLogNote } from "./logs";
import { sharedPss } from "./shared-pss";
import { locateShim } from "./shim-binary";
import { DEFAULT_MAX_LOG_BYTES, launchShim, shimTakeover } from "./shim-launch";

export type {
  AgentExit,
  AgentProcess,
  AgentWatchOptions,
  CreateAgentProcessOptions,
  OutputStream,
  SignalCheck,
  StopResult,
} from "./agent-types";
export { settleMeasurements } from "./shared-pss";

function checkWorkdir(workdir: string): string | null {
  try {
    return statSync(workdir).isDirectory() ? null : `workdir ${workdir} is not a directory`;
  } catch {
    return `workdir ${workdir} does not exist`;
  }
}

function checkNice(nice: number | undefined): string | null {
  if (nice === undefined || (Number.isInteger(nice) && nice >= 0 && nice <= 19)) return null;
  return `nice must be an integer from 0 to 19, not ${nice}`;
}

/**
 * Starts an agent's command through the shim; resolves once the agent runs (the shim's handshake). Never rejects
 * for a bad command, workdir or a missing shim: those end in `exited` (and onExit) with a clear message.
 */
export async function createAgentProcess(options: CreateAgentProcessOptions): Promise<AgentProcess> {
  const exitPath = options.exitPath ?? exitFilePathFor(options.logPath);
  const cursor = options.cursor !== undefined ? options.cursor : await cursorAtEnd(options.logPath);
  appendLogNote(
    options.logPath,
    `[paratrack] starting agent "${options.agent.name}" of track ${options.trackKey}: /bin/sh -c ${JSON.stringify(options.agent.command)} in ${options.workdir}`,
  );
  const maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
  const handleFor = (
    identity: Parameters<typeof createAgentHandle>[0]["identity"],
    startError?: string,
    release?: () => void,
  ) =>
    createAgentHandle({
      ...options,
      agentName: options.agent.name,
      exitPath,
      identity,
      startError,
      cursor,
      pssCache: sharedPss,
      release,
      takeOverShim: shimTakeover({
        logPath: options.logPath,
        exitPath,
        maxLogBytes,
        shimPath: options.shimPath,
      }),
    });

  const shim = locateShim(options.shimPath);
  const problem =
    checkWorkdir(options.workdir) ?? checkNice(options.nice) ?? ("error" in shim ? shim.error : null);
  if (problem !== null || "error" in shim)
    return handleFor(null, problem ?? "paratrack-shim is missing").agent;

  // A record left by an earlier agent on the same path must not be taken for this one's.
  rmSync(exitPath, { force: true });
  const launch = await launchShim({
    shimPath: shim.path,
    command: options.agent.command,
    workdir: options.workdir,
    env: buildAgentEnv(
      {
        trackKey: options.trackKey,
        agentName: options.agent.name,
        env: options.env,
        url: options.url,
        model: options.model,
        inheritToken: options.inheritToken,
      },
      process.env,
    ),
    logPath: options.logPath,
    exitPath,
    maxLogBytes,
    nice: options.nice,
  });
  if (launch.kind === "failed") return handleFor(null, launch.error).agent;

  const { session } = launch;
  const handle = handleFor(session.identity, undefined, session.release);
  void session.exitLine.then((record) => {
    if (record) handle.leaderEnded(leaderEndFromRecord(record));
    // The shim ended or went silent without telling: learn the end from its exit file and /proc (and have
    // another shim take over while the agent runs).
    else handle.watchExitFile();
  });
  return handle.agent;
}

/**
 * Measures many agents from one /proc scan (the engine's per-second sample); results in the order given.
 * Never waits long on smaps_rollup: a small process is read at first sight, a large one's first sample may be RSS
 * ("mixed"/"rss") until its PSS read lands (pss-cache.ts).
 */
export function measureAgents(
  agents: readonly AgentProcess[],
  procRoot = "/proc",
  pss: PssSource = sharedPss.source,
): Array<TreeMemory & { pids: number[] }> {
  let trees: number[][] = [];
  const snapshot = readProcSnapshot(procRoot, {
    detailPids: (table) => {
      trees = agents.map((agent) => agent.treePidsIn(table));
      return trees.flat();
    },
    pss,
  });
  return trees.map((pids) => ({ ...sumTreeMemory(snapshot, pids), pids }));
}
