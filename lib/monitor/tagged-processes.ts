// Which live processes were started with an environment variable set to a given value (/proc/<pid>/environ holds
// the environment a process was started with, and its children inherit it). Paratrack tags what it starts outside
// the shim this way (a track's quality gate), so that what a crash left running is found again by what it is, not
// by a pid that may have been reused meanwhile.
import { readFileSync } from "node:fs";
import path from "node:path";
import { listPids } from "./process-tree";

const NUL = Buffer.from([0]);

/** Pids of the processes (this user's: others' environ cannot be read) started with `name=value`, lowest first. */
export function processesTagged(name: string, value: string, procRoot = "/proc"): number[] {
  const entry = Buffer.from(`\0${name}=${value}\0`);
  return listPids(procRoot)
    .filter((pid) => {
      try {
        // NULs around it, so that the first and last variables match as a whole too, never as part of another.
        const environ = Buffer.concat([NUL, readFileSync(path.join(procRoot, String(pid), "environ")), NUL]);
        return environ.includes(entry);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .sort((a, b) => a - b);
}
