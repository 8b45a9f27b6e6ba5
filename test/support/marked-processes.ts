// For tests: the live processes (zombies excluded) whose environment carries PT_TEST_MARK=<mark>, i.e. every process
// of a test's agents, wherever they were reparented; `comm` narrows them to one program (e.g. "node").
import { readdirSync, readFileSync } from "node:fs";

export function markedProcesses(mark: string, comm?: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, "utf8").split("\0").includes(`PT_TEST_MARK=${mark}`))
        continue;
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const parsed = /^\d+ \((.*)\) (\S)/.exec(stat);
      if (!parsed || parsed[2] === "Z") continue;
      if (comm === undefined || parsed[1] === comm) found.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return found;
}
