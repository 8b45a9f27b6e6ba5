// The real CLI with a reader that goes away after the first chunk (`paratrack validate --json plan.yaml | head -1`):
// it ends quietly with its exit code, without Node's EPIPE stack trace.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";

const repoRoot = path.resolve(__dirname, "..");
let dir = "";
let plan = "";

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "paratrack-epipe-"));
  plan = path.join(dir, "big.yaml");
  // 400 tracks: validate --json prints about 440 KB, far more than a pipe holds (64 KiB), so a write fails.
  const tracks = Array.from(
    { length: 400 },
    (_, i) => `  - key: t${i}\n    ram: 100MB\n    command: echo track ${i} with a long enough command line`,
  );
  writeFileSync(plan, `name: big\ntracks:\n${tracks.join("\n")}\n`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it("ends quietly with its exit code when its reader closes the pipe", async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "bin/paratrack.ts", "validate", "--json", plan], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = child.pid!;
  try {
    let stderr = "";
    let received = 0;
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
    });
    child.stdout.once("data", (chunk: Buffer) => {
      received = chunk.length;
      child.stdout.destroy(); // like head -1: read a little, then close the pipe
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on("close", (exitCode, exitSignal) => resolve([exitCode, exitSignal])),
    );
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(400_000); // the reader went away before the end, so a write failed
    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toMatch(/^\s+at /m);
    expect(stderr).toBe("");
    expect([code, signal]).toEqual([0, null]); // the plan is valid: its exit code, not a crash's
  } finally {
    if (child.exitCode === null && child.signalCode === null) process.kill(pid, "SIGKILL");
  }
}, 60_000);
