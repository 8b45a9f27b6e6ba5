// Which paratrack-shim processes are alive and which log each one writes, found in /proc by their command lines
// (--log PATH). A restarted server knows its agents from the database; this finds the ones it does not know (a
// database emptied or replaced while they ran), and lets tests check that no shim was left behind.
import { readFileSync } from "node:fs";
import path from "node:path";
import { listPids } from "../monitor/process-tree";

export type ServedLog = { shimPid: number; logPath: string };

/** Live shims whose log lies under dir (absolute), lowest pid first. */
export function findShimsServing(dir: string, procRoot = "/proc"): ServedLog[] {
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
