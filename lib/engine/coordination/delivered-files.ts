// A receiver's worktree holds the files handoffs copied into it: untracked and unchanged, they are the sender's work,
// so they are left out of the receiver's changes (its card's totals, its daily status, its scope checks).
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
      const now = await sha256File(nodePath.join(changes.worktree, file.path)).catch(() => null);
      if (now === sha256) continue;
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
