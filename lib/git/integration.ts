// Phase 5: merge the track branches, in the advised order, into an integration branch in its own worktree; stop at
// the first conflict (merge aborted, files listed), then run the plan's integration test there.
// The result types live in lib/domain/coordination/integration-report.ts, which renders the final validation report.
import { existsSync } from "node:fs";
import type {
  IntegrationResult,
  IntegrationTestRun,
  MergeStep,
} from "../domain/coordination/integration-report";
import { GitError, type GitRunner, isGitError } from "./git-runner";
import { addTrackWorktree } from "./worktrees";

/** What the integration test gave; the engine's quality-gate runner (lib/engine/quality-gate.ts) has this shape. */
export type IntegrationTestOutcome = {
  passed: boolean;
  exitCode: number | null;
  durationMs: number;
  output: string;
  summary: string;
};

/** Runs a shell command in a directory (its own process group, a timeout); injected so the engine keeps one runner. */
export type IntegrationTestRunner = (options: {
  command: string;
  workdir: string;
  env: Record<string, string>;
}) => Promise<IntegrationTestOutcome>;

export type IntegrateOptions = {
  repo: string;
  /** The plan's base commit: the integration branch starts there. */
  baseCommit: string;
  /** The integration branch (e.g. paratrack/<run>/integration). */
  branch: string;
  worktreePath: string;
  /** Track branches in the order to merge them (see adviseIntegrationOrder). */
  merge: readonly { key: string; branch: string }[];
  /** The plan's integration.test; null = none configured. */
  test: { command: string; env?: Record<string, string> } | null;
  runTest: IntegrationTestRunner;
  /** Committer of the merge commits when it should not be the repository's configured user. */
  identity?: { name: string; email: string };
  /** The integration branch exists from an earlier attempt of this run: continue on it. */
  adopt?: boolean;
  /** What else the lead can do when the branch is taken by something else (see AddTrackWorktreeOptions). */
  otherWay?: string;
};

/**
 * Creates (or adopts) the integration worktree, merges each branch with `git merge --no-ff`, stops at the first
 * conflict or failure (aborting the merge, never resetting), and runs the test only when every branch merged.
 */
export async function integrateBranches(
  git: GitRunner,
  options: IntegrateOptions,
): Promise<IntegrationResult> {
  const worktree = await addTrackWorktree(git, {
    repo: options.repo,
    path: options.worktreePath,
    branch: options.branch,
    baseCommit: options.baseCommit,
    adopt: options.adopt,
    ...(options.otherWay === undefined ? {} : { otherWay: options.otherWay }),
  });
  const cwd = worktree.path;
  const dirty = (await git.run(["status", "--porcelain", "-z"], { cwd })).stdout;
  if (dirty !== "") {
    throw new GitError(
      "dirty-worktree",
      `the integration worktree ${cwd} has uncommitted changes: Paratrack will not merge over them (commit or remove them first)`,
    );
  }
  const identity = options.identity
    ? ["-c", `user.name=${options.identity.name}`, "-c", `user.email=${options.identity.email}`]
    : [];
  const steps: MergeStep[] = [];
  let stoppedAt: string | null = null;
  for (const { key, branch } of options.merge) {
    if (stoppedAt !== null) {
      steps.push({
        key,
        branch,
        state: "skipped",
        reason: `not merged: the integration stopped at ${stoppedAt}`,
      });
      continue;
    }
    const step = await mergeOne(git, cwd, identity, key, branch);
    steps.push(step);
    if (step.state === "conflict" || step.state === "error") stoppedAt = key;
  }
  const head = (await git.run(["rev-parse", "HEAD"], { cwd })).stdout.trim();
  return {
    branch: options.branch,
    worktreePath: cwd,
    baseCommit: options.baseCommit,
    head,
    steps,
    stoppedAt,
    test: await runIntegrationTest(options, cwd, stoppedAt),
  };
}

async function mergeOne(
  git: GitRunner,
  cwd: string,
  identity: string[],
  key: string,
  branch: string,
): Promise<MergeStep> {
  const before = (await git.run(["rev-parse", "HEAD"], { cwd })).stdout.trim();
  const message = `Paratrack: merge track ${key} (${branch})`;
  try {
    await git.run([...identity, "merge", "--no-ff", "--no-edit", "-m", message, branch], { cwd });
  } catch (error) {
    if (!isGitError(error)) throw error;
    const files = (await git.run(["diff", "--name-only", "--diff-filter=U", "-z"], { cwd })).stdout
      .split("\0")
      .filter((f) => f !== "");
    await abortMergeIfAny(git, cwd);
    const firstLine = (error.gitMessage || error.message).split("\n")[0] ?? "";
    if (files.length > 0) {
      return {
        key,
        branch,
        state: "conflict",
        files,
        message: `merging ${branch} conflicts in ${files.join(", ")}; merge aborted`,
      };
    }
    return { key, branch, state: "error", message: `merging ${branch} failed: ${firstLine}` };
  }
  const after = (await git.run(["rev-parse", "HEAD"], { cwd })).stdout.trim();
  if (after === before) return { key, branch, state: "up-to-date" };
  return { key, branch, state: "merged", commit: after };
}

/**
 * `git merge --abort` when a merge is in progress; it restores the pre-merge state of a worktree that was clean.
 * True when there was one to abort.
 */
export async function abortMergeIfAny(git: GitRunner, cwd: string): Promise<boolean> {
  const mergeHead = await git.run(["rev-parse", "-q", "--verify", "MERGE_HEAD"], { cwd, okExitCodes: [1] });
  if (mergeHead.exitCode !== 0) return false;
  await git.run(["merge", "--abort"], { cwd });
  return true;
}

async function runIntegrationTest(
  options: IntegrateOptions,
  cwd: string,
  stoppedAt: string | null,
): Promise<IntegrationTestRun | null> {
  if (options.test === null) return null;
  const command = options.test.command;
  if (stoppedAt !== null) {
    return { command, state: "not-run", reason: `not run: the merge stopped at track ${stoppedAt}` };
  }
  if (!existsSync(cwd)) return { command, state: "not-run", reason: `${cwd} is gone` };
  const outcome = await options.runTest({ command, workdir: cwd, env: options.test.env ?? {} });
  return {
    command,
    state: outcome.passed ? "passed" : "failed",
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    output: outcome.output,
    summary: outcome.summary,
  };
}
