// Which live processes have a directory as their working directory (/proc/<pid>/cwd). After a crash, a test the
// server had started in a worktree may still run there as an orphan: nothing new should start beside it.
import { readlinkSync } from "node:fs";
import path from "node:path";
import { listPids } from "./process-tree";

/** Pids of processes whose working directory is `dir` or below it (those this user may read), lowest first. */
export function processesWorkingIn(dir: string, procRoot = "/proc"): number[] {
  const root = path.resolve(dir);
  return listPids(procRoot)
    .filter((pid) => {
      try {
        const cwd = readlinkSync(path.join(procRoot, String(pid), "cwd"));
        return cwd === root || cwd.startsWith(`${root}/`);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .sort((a, b) => a - b);
}
