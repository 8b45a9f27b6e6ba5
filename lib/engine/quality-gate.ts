// Runs a track's own test command as its quality gate: a real shell process, output kept (capped).
import { spawn } from "node:child_process";
import { withoutServerSecrets } from "../security/secret";

export type QualityGateResult = {
  passed: boolean;
  /** The gate was ended by its AbortSignal (shutdown, Ctrl-C): no verdict. */
  cancelled: boolean;
  exitCode: number | null;
  durationMs: number;
  output: string;
  summary: string;
};

/** The environment variable that tags a gate's processes (gate-orphans.ts finds them by it after a crash). */
export const GATE_TAG = "PARATRACK_GATE";

const MAX_OUTPUT = 16_000;
const KILL_GRACE_MS = 2_000;

export function runQualityGate(opts: {
  command: string;
  workdir: string;
  env: Record<string, string>;
  /** Set as GATE_TAG in the gate's environment: what its processes are found by (gate-orphans.ts). */
  tag?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}): Promise<QualityGateResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let output = "";
    let cancelled = false;
    const append = (chunk: Buffer) => {
      if (output.length < MAX_OUTPUT) output += chunk.toString("utf8").slice(0, MAX_OUTPUT - output.length);
    };
    // Its own process group, so that ending the gate ends what the shell started too (test runners fork).
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn("/bin/sh", ["-c", opts.command], {
        cwd: opts.workdir,
        // The server's token opens every control route: a gate command is the plan's code and does not get it.
        env: {
          ...withoutServerSecrets(process.env),
          ...opts.env,
          ...(opts.tag === undefined ? {} : { [GATE_TAG]: opts.tag }),
        },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      });
    } catch (error) {
      // spawn throws at once for what no process can take (a NUL in the command or env): a failed gate, not a
      // gate left "running" for ever.
      const note = `could not start: ${error instanceof Error ? error.message : String(error)}`;
      resolve({ passed: false, cancelled: false, exitCode: null, durationMs: 0, output: "", summary: note });
      return;
    }
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const end = () => {
      killGroup("SIGTERM");
      killTimer ??= setTimeout(() => killGroup("SIGKILL"), KILL_GRACE_MS);
    };
    const timer = setTimeout(end, opts.timeoutMs ?? 600_000);
    const onAbort = () => {
      cancelled = true;
      end();
    };
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout?.on("data", append);
    child.stderr?.on("data", append);
    const finish = (exitCode: number | null, note: string) => {
      clearTimeout(timer);
      clearTimeout(killTimer);
      opts.signal?.removeEventListener("abort", onAbort);
      const durationMs = Date.now() - started;
      resolve({
        passed: exitCode === 0 && !cancelled,
        cancelled,
        exitCode,
        durationMs,
        output,
        summary: `${cancelled ? "cancelled, " : ""}${note} in ${(durationMs / 1000).toFixed(1)} s`,
      });
    };
    child.on("error", (error) => finish(null, `could not start: ${error.message}`));
    child.on("close", (code, signal) => finish(code, signal ? `killed by ${signal}` : `exited ${code}`));
  });
}
