// Finds an agent whose identity was never stored: the server died between starting its shim and storing the
// handshake. The agent's log path is unique (run, track, agent, attempt) and stored before the launch, and the shim
// carries it on its command line; the agent's leader is the shim's first child that leads its own session. When the
// shim has gone too, its exit file names the leader (pid and start time), which is all adoption needs to apply it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { listPids, readProcStat } from "../monitor/process-tree";
import { readExitFile } from "./exit-file";
import type { AgentIdentity } from "./identity";

const SHIM_NAME = "paratrack-shim";

/** The identity of the agent logging to logPath, from /proc or its exit file; null when it never started. */
export function findLaunchedAgent(
  logPath: string,
  exitPath: string,
  procRoot = "/proc",
): AgentIdentity | null {
  const shim = findShim(path.resolve(logPath), procRoot);
  const leader = shim ? findLeader(shim.pid, procRoot) : null;
  if (shim && leader) {
    return { ...leader, shimPid: shim.pid, shimStartTicks: shim.startTicks };
  }
  const read = readExitFile(exitPath);
  if (read.kind !== "recorded") return null;
  const { pid, startTicks } = read.record;
  if (pid === undefined || startTicks === undefined) return null;
  // The leader led its own session and group; without a live shim its fields only repeat the leader's.
  return {
    pid,
    pgid: pid,
    sid: pid,
    startTicks,
    shimPid: shim?.pid ?? pid,
    shimStartTicks: shim?.startTicks ?? startTicks,
  };
}

function findShim(logPath: string, procRoot: string): { pid: number; startTicks: number } | null {
  for (const pid of listPids(procRoot)) {
    let argv: string[];
    try {
      argv = readFileSync(`${procRoot}/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    if (path.basename(argv[0] ?? "") !== SHIM_NAME) continue;
    const at = argv.indexOf("--log");
    if (at < 0 || path.resolve(argv[at + 1] ?? "") !== logPath) continue;
    const stat = readProcStat(pid, procRoot);
    if (stat) return { pid, startTicks: stat.startTicks };
  }
  return null;
}

function findLeader(shimPid: number, procRoot: string) {
  let leader: Omit<AgentIdentity, "shimPid" | "shimStartTicks"> | null = null;
  for (const pid of listPids(procRoot)) {
    const stat = readProcStat(pid, procRoot);
    // Orphans the shim adopted (it is a subreaper) may lead sessions too: the leader is the one forked first. A
    // zombie leader counts: adoption then waits for the exit file the shim is about to write.
    if (!stat || stat.ppid !== shimPid || stat.sid !== pid) continue;
    if (leader === null || stat.startTicks < leader.startTicks)
      leader = { pid, pgid: stat.pgid, sid: stat.sid, startTicks: stat.startTicks };
  }
  return leader;
}
