// Predicts merge conflicts between two branches with a real merge that touches no worktree (git ≥ 2.38).
import { GitError, type GitRunner, isGitError } from "./git-runner";
import { type MergeTreeMessage, parseMergeTreeOutput } from "./porcelain";

/** The outcome of merging `b` into `a`, as merge-tree's exit status says: 0 clean, 1 conflicts. */
export type MergeOutcome =
  | { state: "clean"; tree: string }
  | {
      state: "conflicts";
      tree: string;
      /** Conflicted paths; may be empty on exit 1 (then `messages` still say what clashed). */
      files: string[];
      messages: MergeTreeMessage[];
    };

/**
 * `git merge-tree --write-tree --name-only -z <a> <b>`. Exit 0 is clean, exit 1 is conflicts (with the files), any
 * other status is a GitError: an empty file list alone never counts as clean. Writes only unreachable objects.
 */
export async function predictMerge(
  git: GitRunner,
  repo: string,
  a: string,
  b: string,
): Promise<MergeOutcome> {
  let result: Awaited<ReturnType<GitRunner["run"]>>;
  try {
    result = await git.run(["merge-tree", "--write-tree", "--name-only", "-z", "--end-of-options", a, b], {
      cwd: repo,
      okExitCodes: [1],
    });
  } catch (error) {
    if (
      isGitError(error) &&
      error.exitCode === 129 &&
      /write-tree|end-of-options|usage/i.test(error.gitMessage)
    ) {
      throw new GitError(
        "git-too-old",
        `this git cannot predict conflicts (git merge-tree --write-tree needs git 2.38 or newer): ${error.gitMessage.split("\n")[0]}`,
        { command: error.command, exitCode: error.exitCode, gitMessage: error.gitMessage },
      );
    }
    throw error;
  }
  const parsed = parseMergeTreeOutput(result.stdout);
  // git 2.39 also exits 1 when it cannot merge at all ("not something we can merge"): then it writes no tree.
  if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(parsed.tree)) {
    const gitMessage = result.stderr.trim();
    throw new GitError(
      classifyMergeFailure(gitMessage),
      `git merge-tree ${a} ${b} gave no merge result (exit ${result.exitCode}): ${gitMessage || "no output"}`,
      {
        command: `git -C ${repo} merge-tree --write-tree --name-only -z ${a} ${b}`,
        exitCode: result.exitCode,
        gitMessage,
      },
    );
  }
  if (result.exitCode === 0) return { state: "clean", tree: parsed.tree };
  const files =
    parsed.conflictedFiles.length > 0
      ? parsed.conflictedFiles
      : [...new Set(parsed.messages.filter((m) => m.type.startsWith("CONFLICT")).flatMap((m) => m.paths))];
  return { state: "conflicts", tree: parsed.tree, files, messages: parsed.messages };
}

function classifyMergeFailure(gitMessage: string): "unknown-revision" | "failed" {
  return /not something we can merge|unknown revision|bad revision/i.test(gitMessage)
    ? "unknown-revision"
    : "failed";
}

/** One pair of tracks and what merging their branches would give (or why it could not be computed). */
export type PairPrediction = { a: string; b: string } & (MergeOutcome | { state: "error"; message: string });

/**
 * Predicts every pair of the given track branches, one git at a time (the machine runs agents too). A pair that fails
 * (a branch deleted by hand) is reported as an error and the others still run.
 */
export async function predictPairwise(
  git: GitRunner,
  repo: string,
  branches: readonly { key: string; branch: string }[],
): Promise<PairPrediction[]> {
  const results: PairPrediction[] = [];
  for (let i = 0; i < branches.length; i++) {
    for (let j = i + 1; j < branches.length; j++) {
      const a = branches[i]!;
      const b = branches[j]!;
      try {
        results.push({ a: a.key, b: b.key, ...(await predictMerge(git, repo, a.branch, b.branch)) });
      } catch (error) {
        if (isGitError(error) && error.code === "git-too-old") throw error;
        results.push({
          a: a.key,
          b: b.key,
          state: "error",
          message: error instanceof Error ? error.message : String(error),
        });
      }
    }
  }
  return results;
}
