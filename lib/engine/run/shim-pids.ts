// For tests with real agents: which shims are still alive for a data directory, found in /proc by the log paths
// their command lines name, so a test can check that none was left behind and kill any that was.
import { readdirSync, readFileSync } from "node:fs";

/** The pids of the shims logging into dir, lowest first. */
export function shimsOf(dir: string): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        return argv[0]?.endsWith("paratrack-shim") && argv.some((arg) => arg.startsWith(`${dir}/`));
      } catch {
        return false;
      }
    })
    .map(Number)
    .sort((a, b) => a - b);
}
