// Which paratrack-shim processes are alive and which log each one writes, found in /proc by their command lines
// (--log PATH). A restarted server knows its agents from the database; this finds the ones it does not know (a
// database emptied or replaced while they ran), and lets tests check that no shim was left behind.
import { readFileSync } from "node:fs";
import path from "node:path";
import { listPids, readProcStat } from "../monitor/process-tree";

export type ServedLog = { shimPid: number; logPath: string };

/**
 * Live shims whose log lies under dir (absolute), lowest pid first. A shim's child shows the shim's command line
 * for the few milliseconds before it execs (the keeper, and the agent before its own exec); such a process, whose
 * parent or grandparent serves the same log, is no shim of its own and is left out. (The agent's parent may
 * already be the keeper, whose command line names no log: its grandparent is the shim.)
 */
export function findShimsServing(dir: string, procRoot = "/proc"): ServedLog[] {
  const found = shimCommandLines(dir, procRoot);
  const logOf = new Map(found.map((shim) => [shim.shimPid, shim.logPath]));
  const servesSameLog = (pid: number | undefined, logPath: string) =>
    pid !== undefined && logOf.get(pid) === logPath;
  return found.filter((shim) => {
    const parent = readProcStat(shim.shimPid, procRoot)?.ppid;
    if (parent === undefined) return true;
    if (servesSameLog(parent, shim.logPath)) return false;
    return !servesSameLog(readProcStat(parent, procRoot)?.ppid, shim.logPath);
  });
}

/** Processes whose command line is a shim's with a --log under dir, lowest pid first. */
function shimCommandLines(dir: string, procRoot: string): ServedLog[] {
  const prefix = `${path.resolve(dir)}/`;
  const found: ServedLog[] = [];
  for (const pid of listPids(procRoot)) {
    let argv: string[];
    try {
      argv = readFileSync(path.join(procRoot, String(pid), "cmdline"), "utf8").split("\0");
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!argv[0]?.endsWith("paratrack-shim")) continue;
    const at = argv.indexOf("--log");
    const logPath = at < 0 ? undefined : argv[at + 1];
    if (!logPath?.startsWith(prefix)) continue;
    found.push({ shimPid: pid, logPath });
  }
  return found.sort((a, b) => a.shimPid - b.shimPid);
}
