// A receiver's worktree holds the files handoffs copied into it: untracked and unchanged, they are the sender's work,
// so they are left out of the receiver's changes (its card's totals, its daily status, its scope checks).
import { stat } from "node:fs/promises";
import nodePath from "node:path";
import type { ChangeSet } from "../../git/changes";
import { sha256File } from "../../handoff/transfer-artifacts";

/** `changes` without the delivered files (path → sha256) that are still untracked and as delivered. */
export async function withoutDeliveredFiles(
  changes: ChangeSet,
  delivered: ReadonlyMap<string, string>,
): Promise<ChangeSet> {
  if (delivered.size === 0) return changes;
  const kept = [];
  for (const file of changes.files) {
    const sha256 = delivered.get(file.path);
    if (sha256 !== undefined && file.untracked && !file.committed) {
      if ((await currentSha256(nodePath.join(changes.worktree, file.path))) === sha256) continue;
    }
    kept.push(file);
  }
  if (kept.length === changes.files.length) return changes;
  return {
    ...changes,
    files: kept,
    totals: {
      files: kept.length,
      added: kept.reduce((sum, f) => sum + (f.added ?? 0), 0),
      removed: kept.reduce((sum, f) => sum + (f.removed ?? 0), 0),
    },
  };
}

/** Hashes by file, kept while its size and mtime stay: a large artifact is not read again at every poll. */
const hashes = new Map<string, { size: number; mtimeMs: number; sha256: string }>();
/** Past this many files the cache starts again (a bound, not a working set). */
const MAX_HASHES = 10_000;

async function currentSha256(file: string): Promise<string | null> {
  try {
    const { size, mtimeMs } = await stat(file);
    const known = hashes.get(file);
    if (known && known.size === size && known.mtimeMs === mtimeMs) return known.sha256;
    const sha256 = await sha256File(file);
    if (hashes.size >= MAX_HASHES) hashes.clear();
    hashes.set(file, { size, mtimeMs, sha256 });
    return sha256;
  } catch {
    return null;
  }
}
