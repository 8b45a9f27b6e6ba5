// Which `<agent>.<attempt>` files a new job of a track writes. A job's run writes the files of its attempt base plus
// Slurm's restart count (batch-script.ts); a new job (a track restarted after its job ended) must start past every
// file its earlier jobs wrote, or it appends to an earlier attempt's log beside that attempt's exit status.
import { readdir } from "node:fs/promises";
import { safeName } from "./batch-script";

/**
 * The attempt base of a new job: the engine's attempt number less one (attempt 1 writes `<agent>.0.*`, attempt 2
 * `<agent>.1.*`, as the same job's requeues do), or past the highest attempt whose files are already in the
 * directory when that is further (an earlier job requeued by Slurm itself counted on without the engine).
 */
export function nextAttemptBase(
  engineAttempt: number | null,
  fileNames: readonly string[],
  agentNames: readonly string[],
): number {
  const prefixes = agentNames.map((name) => `${safeName(name)}.`);
  let highest = -1;
  for (const file of fileNames) {
    for (const prefix of prefixes) {
      if (!file.startsWith(prefix)) continue;
      const match = /^(\d+)\.(out|err|exit)(\.tmp|\.code)?$/.exec(file.slice(prefix.length));
      if (match) highest = Math.max(highest, Number(match[1]));
    }
  }
  const fromEngine = engineAttempt !== null && engineAttempt >= 1 ? Math.floor(engineAttempt) - 1 : 0;
  return Math.max(fromEngine, highest + 1);
}

/** nextAttemptBase over the track's output directory (none yet: no files). */
export async function readNextAttemptBase(
  outputDir: string,
  engineAttempt: number | null,
  agentNames: readonly string[],
): Promise<number> {
  const files = await readdir(outputDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  return nextAttemptBase(engineAttempt, files, agentNames);
}
