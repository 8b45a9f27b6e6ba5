// Reads what the batch script recorded when an agent of a Slurm job ended (its `.exit` file), in the shape the
// local supervisor reports: exit code, or the signal behind a shell's 128+n.
import { readFile, stat } from "node:fs/promises";
import { constants } from "node:os";

export type SlurmAgentExit = {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** When the file was written: the agent's end, to the file system's precision. */
  endedAt: number;
};

const SIGNAL_NAMES = new Map(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

/** The agent's exit, or null while it has none (still running, or the job was killed before it could record it). */
export async function readSlurmAgentExit(exitFile: string): Promise<SlurmAgentExit | null> {
  let text: string;
  let endedAt: number;
  try {
    [text, endedAt] = await Promise.all([readFile(exitFile, "utf8"), stat(exitFile).then((s) => s.mtimeMs)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const status = Number.parseInt(text.trim(), 10);
  if (!Number.isInteger(status) || status < 0) return null;
  const signal = status > 128 ? (SIGNAL_NAMES.get(status - 128) ?? null) : null;
  return { code: signal ? null : status, signal, endedAt };
}
