// Which paratrack-shim processes are alive and which log each one writes, found in /proc by their command lines
// (--log PATH). A restarted server knows its agents from the database; this finds the ones it does not know (a
// database emptied or replaced while they ran), and lets tests check that no shim was left behind.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type ServedLog = { shimPid: number; logPath: string };

/** Live shims whose log lies under dir (absolute), lowest pid first. */
export function findShimsServing(dir: string, procRoot = "/proc"): ServedLog[] {
  const prefix = `${path.resolve(dir)}/`;
  const found: ServedLog[] = [];
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = readFileSync(path.join(procRoot, name, "cmdline"), "utf8").split("\0");
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (!argv[0]?.endsWith("paratrack-shim")) continue;
    const at = argv.indexOf("--log");
    const logPath = at < 0 ? undefined : argv[at + 1];
    if (!logPath?.startsWith(prefix)) continue;
    found.push({ shimPid: Number(name), logPath });
  }
  return found.sort((a, b) => a.shimPid - b.shimPid);
}
