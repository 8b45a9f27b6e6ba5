// A real process started in a directory is found there, and not in a sibling directory; none is found once it ended.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { processesWorkingIn } from "./working-in";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("finds a process by its working directory, below it too, and no longer once it has ended", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-cwd-"));
  const inside = path.join(dir, "worktree", "sub");
  mkdirSync(inside, { recursive: true });
  mkdirSync(path.join(dir, "worktree-2"));
  const child = spawn("sleep", ["30"], { cwd: inside, stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  try {
    expect(processesWorkingIn(path.join(dir, "worktree"))).toEqual([child.pid]);
    expect(processesWorkingIn(path.join(dir, "worktree-2"))).toEqual([]);
  } finally {
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  expect(processesWorkingIn(path.join(dir, "worktree"))).toEqual([]);
});
