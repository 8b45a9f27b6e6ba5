// Closing the terminal a Paratrack process runs in (SIGHUP to its foreground process group) must run the same shutdown
// as Ctrl-C, even though the terminal it writes to is gone. A real pseudo-terminal (script(1)) that is closed.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../test/support/until";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

const hasScript = spawnSync("script", ["--version"]).status === 0;

it.skipIf(!hasScript)(
  "runs the shutdown when the terminal is closed (SIGHUP), writes to it included",
  async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-hup-"));
    const marker = path.join(dir, "stopped");
    const fixture = path.join(__dirname, "stop-signals-fixture.ts");
    const command = `exec ${process.execPath} --import tsx ${fixture} ${marker}`;
    // script(1) gives the fixture a terminal; killing script closes it, and the kernel hangs up its session.
    const terminal = spawn("script", ["-qfec", command, "/dev/null"], {
      cwd: path.resolve(__dirname, ".."),
      stdio: ["pipe", "pipe", "ignore"],
      detached: true,
    });
    let output = "";
    terminal.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    try {
      await until(() => /ready \d+/.test(output), "the fixture starts");
      const pid = Number(/ready (\d+)/.exec(output)![1]);
      terminal.kill("SIGKILL");
      try {
        await until(() => existsSync(marker), "the shutdown ran", 10_000);
        expect(readFileSync(marker, "utf8")).toBe("SIGHUP");
        // And the process ends: nothing (a log buffer flushed at exit) retries writing to the closed terminal.
        await until(() => !isRunning(pid), "the process exits", 10_000);
      } finally {
        if (isRunning(pid)) process.kill(pid, "SIGKILL");
      }
    } finally {
      try {
        process.kill(-terminal.pid!, "SIGKILL");
      } catch {}
    }
  },
  60_000,
);
