// A group SIGSTOP that lands between a shell's vfork and its child's exec leaves the shell in D (waiting for the
// child) and the child in T: the shell is paused in effect. Reproduced for real with a C program whose vfork child
// stops itself before exec (a clean-clone CI met it: dash vforks `sleep`, and the pause landed in that window).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isHeldByStoppedVforkChild, type ProcEntry, readProcSnapshot } from "./process-tree";

const hasCc = spawnSync("cc", ["--version"]).status === 0;
let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function entry(pid: number, ppid: number, state: string): ProcEntry {
  return { pid, ppid, pgid: pid, state, comm: "x", startTicks: 0, rssBytes: 0, pssBytes: null };
}

/** A /proc with only wchan files, enough for the check (the snapshot comes from the test). */
function fakeProc(wchans: Record<number, string>): string {
  dir = mkdtempSync(path.join(tmpdir(), "pt-proc-"));
  for (const [pid, wchan] of Object.entries(wchans)) {
    mkdirSync(path.join(dir, pid));
    writeFileSync(path.join(dir, pid, "wchan"), wchan);
  }
  return dir;
}

describe("isHeldByStoppedVforkChild", () => {
  it.each([
    ["a D parent in the vfork wait with a stopped child", "D", "kernel_clone", "T", true],
    ["the same on older kernels", "D", "_do_fork", "t", true],
    ["a child still running: the parent is not paused", "D", "kernel_clone", "S", false],
    ["D for disk I/O, not a vfork", "D", "io_schedule", "T", false],
    ["not in D at all", "S", "kernel_clone", "T", false],
  ])("%s → %s", (_name, parentState, wchan, childState, expected) => {
    const root = fakeProc({ 10: wchan });
    const snapshot = new Map([
      [10, entry(10, 1, parentState)],
      [11, entry(11, 10, childState)],
    ]);
    expect(isHeldByStoppedVforkChild(10, snapshot, root)).toBe(expected);
  });

  it("says no when the process has gone (no wchan to read)", () => {
    const root = fakeProc({});
    expect(isHeldByStoppedVforkChild(10, new Map([[10, entry(10, 1, "D")]]), root)).toBe(false);
  });

  it.skipIf(!hasCc)("recognises a real vfork parent whose child was stopped before its exec", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "pt-vfork-"));
    const source = path.join(dir, "vfork-stop.c");
    const binary = path.join(dir, "vfork-stop");
    writeFileSync(
      source,
      `#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
int main(void) {
  pid_t child = vfork();
  if (child == 0) { kill(getpid(), SIGSTOP); execl("/bin/true", "true", (char *)0); _exit(127); }
  int status;
  waitpid(child, &status, 0);
  return 0;
}
`,
    );
    const cc = spawnSync("cc", ["-O1", "-o", binary, source], { encoding: "utf8" });
    expect(cc.status, cc.stderr).toBe(0);
    const parent = spawn(binary, [], { stdio: "ignore" });
    const exited = new Promise<number | null>((resolve) => parent.on("exit", (code) => resolve(code)));
    try {
      const pid = parent.pid!;
      const deadline = Date.now() + 10_000;
      let held = false;
      while (!held && Date.now() < deadline) {
        const snapshot = readProcSnapshot("/proc", { detailPids: () => [] });
        held = isHeldByStoppedVforkChild(pid, snapshot);
        if (!held) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(held, "the parent waits in D for its stopped vfork child").toBe(true);
      // SIGCONT lets the child exec, and the parent goes on and exits.
      const snapshot = readProcSnapshot("/proc", { detailPids: () => [] });
      const child = [...snapshot.values()].find((e) => e.ppid === pid)!;
      process.kill(child.pid, "SIGCONT");
      expect(await exited).toBe(0);
    } finally {
      if (parent.exitCode === null) parent.kill("SIGKILL");
    }
  });
});
