// Runs a track's own test command as its quality gate: a real shell process, output kept (capped).
import { spawn } from "node:child_process";

export type QualityGateResult = {
  passed: boolean;
  exitCode: number | null;
  durationMs: number;
  output: string;
  summary: string;
};

const MAX_OUTPUT = 16_000;

export function runQualityGate(opts: {
  command: string;
  workdir: string;
  env: Record<string, string>;
  timeoutMs?: number;
}): Promise<QualityGateResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = "";
    const append = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString("utf8").slice(0, MAX_OUTPUT - output.length);
    };
    const child = spawn("/bin/sh", ["-c", opts.command], {
      cwd: opts.workdir,
      env: { ...process.env, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 600_000);
    child.stdout.on("data", append);
    child.stderr.on("data", append);
    const finish = (exitCode: number | null, note: string) => {
      clearTimeout(timer);
      const durationMs = Date.now() - started;
      resolve({
        passed: exitCode === 0,
        exitCode,
        durationMs,
        output,
        summary: `${note} in ${(durationMs / 1000).toFixed(1)} s`,
      });
    };
    child.on("error", (error) => finish(null, `could not start: ${error.message}`));
    child.on("close", (code, signal) => finish(code, signal ? `killed by ${signal}` : `exited ${code}`));
  });
}
