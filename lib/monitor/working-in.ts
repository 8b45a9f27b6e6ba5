// Which live processes have a directory as their working directory (/proc/<pid>/cwd). After a crash, a test the
// server had started in a worktree may still run there as an orphan: nothing new should start beside it.
import { readdirSync, readlinkSync } from "node:fs";
import path from "node:path";

/** Pids of processes whose working directory is `dir` or below it (those this user may read), lowest first. */
export function processesWorkingIn(dir: string, procRoot = "/proc"): number[] {
  const root = path.resolve(dir);
  const found: number[] = [];
  let names: string[];
  try {
    names = readdirSync(procRoot);
  } catch {
    return [];
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    let cwd: string;
    try {
      cwd = readlinkSync(path.join(procRoot, name, "cwd"));
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    if (cwd === root || cwd.startsWith(`${root}/`)) found.push(Number(name));
  }
  return found.sort((a, b) => a - b);
}
