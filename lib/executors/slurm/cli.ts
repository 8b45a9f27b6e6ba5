// Runs one Slurm client command (sbatch, squeue, scontrol, sstat, scancel, sinfo) with a timeout, and turns its
// failures into SlurmError. No shell: arguments go to execFile as they are.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { classifySlurmMessage, cleanSlurmMessage, SlurmError } from "./errors";

export type SlurmTool = "sbatch" | "squeue" | "scontrol" | "sstat" | "scancel" | "sinfo";

/** How to reach the cluster: SLURM_CONF (null = the client's default, /etc/slurm/slurm.conf) and a timeout. */
export type SlurmCliOptions = {
  slurmConf?: string | null;
  /** Per command; Slurm's own retries against a dead controller take ~10 s or more. Default 30 s. */
  timeoutMs?: number;
  /** Added to the server's environment (PATH must reach the tools). */
  env?: Record<string, string>;
};

export const DEFAULT_SLURM_TIMEOUT_MS = 30_000;

/** Runs `tool args…` and returns its stdout; throws SlurmError with Slurm's message on any failure. */
export function runSlurm(
  tool: SlurmTool,
  args: readonly string[],
  options: SlurmCliOptions = {},
): Promise<string> {
  const command = [tool, ...args].join(" ");
  const timeoutMs = options.timeoutMs ?? DEFAULT_SLURM_TIMEOUT_MS;
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (options.slurmConf) env.SLURM_CONF = options.slurmConf;
  const conf = options.slurmConf ?? process.env.SLURM_CONF;
  if (conf && !existsSync(conf)) {
    // Slurm's tools would retry for a minute before saying so.
    return Promise.reject(
      new SlurmError({
        kind: "not-configured",
        message: `SLURM_CONF names ${conf}, which does not exist: point it at the cluster's slurm.conf`,
        command,
      }),
    );
  }
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      [...args],
      { env, timeout: timeoutMs, killSignal: "SIGKILL", maxBuffer: 32 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT") {
          return reject(
            new SlurmError({
              kind: "not-installed",
              message: `Slurm's ${tool} is not installed here (not on PATH); install Slurm's client commands (Debian: slurm-client) or choose the local executor`,
              command,
              cause: error,
            }),
          );
        }
        if (error.killed) {
          return reject(
            new SlurmError({
              kind: "timeout",
              message: `${tool} did not answer within ${Math.round(timeoutMs / 1000)} s (is slurmctld up?)${stderr ? `: ${cleanSlurmMessage(stderr)}` : ""}`,
              command,
              stderr,
              cause: error,
            }),
          );
        }
        const text = stderr.trim() || stdout.trim() || error.message;
        reject(
          new SlurmError({
            kind: classifySlurmMessage(text),
            message: cleanSlurmMessage(text) || `${tool} failed with exit code ${String(code)}`,
            command,
            exitCode: typeof code === "number" ? code : null,
            stderr,
            cause: error,
          }),
        );
      },
    );
  });
}
