// Phase 5: merge the finished tracks' branches into an integration branch in the advised order (fewest predicted
// conflicts first, from pairwise merge-tree), stop at the first conflict with its files named, run the plan's
// integration test there, and write the final validation report. Runs in the background; every step is an event.
import { existsSync } from "node:fs";
import type { IntegrationState, IntegrationView } from "../../domain/coordination/coordination-views";
import { adviseIntegrationOrder } from "../../domain/coordination/integration-order";
import {
  type IntegrationResult,
  type NotIntegrated,
  renderValidationReport,
} from "../../domain/coordination/integration-report";
import type { GitRunner } from "../../git/git-runner";
import { abortMergeIfAny, integrateBranches } from "../../git/integration";
import { predictPairwise } from "../../git/merge-tree";
import { defaultWorktreePath, integrationBranchName } from "../../git/worktrees";
import { ConflictError } from "../errors";
import { integrationGateTag } from "../gate-orphans";
import { runQualityGate } from "../quality-gate";
import type { RunContext } from "../run/context";
import type { ActiveRun } from "../track-runtime";
import { INTEGRATION_STOPPED, isInterrupted } from "./coordination-resume";
import type { CoordinationRun } from "./coordination-state";
import { messageOf } from "./git-workspace";

export class IntegrationSystem {
  private abort = new AbortController();
  /** Set while a start is checking and predicting, so a second click cannot start a second integration. */
  private starting = false;

  constructor(
    private readonly ctx: RunContext,
    private readonly git: GitRunner,
  ) {}

  /**
   * Starts the integration of the completed tracks' branches; answers at once with its record ("running").
   * restartOf: the id of the integration the server's death cut off, which this one runs again (null: the lead's).
   */
  async start(
    run: ActiveRun,
    coordination: CoordinationRun,
    restartOf: number | null = null,
  ): Promise<IntegrationView> {
    if (!coordination.setup)
      throw new ConflictError("the plan has no repo: there are no track branches to integrate");
    if (coordination.integration || this.starting)
      throw new ConflictError("an integration is already under way");
    this.starting = true;
    try {
      return await this.begin(run, coordination, restartOf);
    } finally {
      this.starting = false;
    }
  }

  private async begin(
    run: ActiveRun,
    coordination: CoordinationRun,
    restartOf: number | null,
  ): Promise<IntegrationView> {
    const { ctx } = this;
    const setup = coordination.setup!;
    const states = [...run.tracks.values()]
      .sort((a, b) => a.position - b.position)
      .flatMap((t) => {
        const state = coordination.tracks.get(t.plan.key);
        return state ? [{ t, state }] : [];
      });
    const busy = states.filter(({ t }) => t.status === "running" || t.status === "paused");
    if (busy.length > 0)
      throw new ConflictError(
        busy.length === 1
          ? `track ${busy[0]?.t.plan.key} still works on its branch: integrate once it is done`
          : `tracks ${busy.map(({ t }) => t.plan.key).join(", ")} still work on their branches: integrate once they are done`,
      );
    const done = states.filter(({ t }) => t.status === "completed");
    if (done.length === 0) throw new ConflictError("no completed track has a branch to integrate yet");
    // Failed, stopped or never run: their branches are not merged, and every message and the report say so.
    const leftOut = states
      .filter(({ t }) => t.status !== "completed")
      .map(({ t }) => ({ key: t.plan.key, status: t.status }));
    const branches = done.map(({ t, state }) => ({ key: t.plan.key, branch: state.branch }));
    const predictions = setup.canPredict ? await predictPairwise(this.git, setup.repo.root, branches) : [];
    const order = adviseIntegrationOrder(
      branches.map((b) => b.key),
      predictions,
    );
    const branch = run.plan.integration?.branch ?? integrationBranchName(coordination.branchId);
    const worktreePath = defaultWorktreePath(setup.repo.root, coordination.branchId, "integration");
    const adopt = await ctx.store.hasIntegratedOnBranch(run.id, branch);
    // The last integration on this branch was cut off by a restart: its merge may still be half done.
    const previous = await ctx.store.latestIntegrationRun(run.id);
    const cutOff = previous?.branch === branch && isInterrupted(previous.error);
    const record = await ctx.store.createIntegrationRun({
      runId: run.id,
      branch,
      worktreePath,
      order,
      at: new Date(ctx.now()),
    });
    const merging = `merging ${order.map((e) => e.key).join(" → ")} (advised: fewest predicted conflicts first)${describeLeftOut(leftOut)}`;
    await ctx.record(
      run,
      "integration:started",
      { branch, order: order.map((e) => e.key), ...(restartOf === null ? {} : { restartOf }) },
      restartOf === null
        ? { severity: "info", message: `Integration started on ${branch}: ${merging}`, actor: "lead" }
        : {
            severity: "medium",
            message: `Integration started again on ${branch} (the server died while it ran): ${merging}`,
            actor: "system",
          },
    );
    if (this.abort.signal.aborted) this.abort = new AbortController();
    const merge = order.map((e) => branches.find((b) => b.key === e.key)!);
    coordination.integration = this.carryOut(run, coordination, record, {
      branch,
      worktreePath,
      merge,
      leftOut,
      adopt,
      cutOff,
    })
      .catch((error: unknown) => ctx.logger.error({ err: error }, "the integration failed to finish"))
      .finally(() => {
        coordination.integration = null;
      });
    return record;
  }

  /** Cancels a running integration test (shutdown) and waits for the integration to record its end. */
  async cancel(coordination: CoordinationRun | null): Promise<void> {
    this.abort.abort();
    await coordination?.integration;
  }

  /**
   * A merge the restart cut off halfway leaves the integration worktree mid-merge (MERGE_HEAD, staged changes),
   * which the next integration would refuse as uncommitted changes. It was Paratrack's own merge in Paratrack's own
   * worktree: abort it (the worktree goes back to the last merge that finished), and say so.
   */
  private async abortCutOffMerge(run: ActiveRun, worktreePath: string): Promise<void> {
    if (!existsSync(worktreePath)) return;
    if (!(await abortMergeIfAny(this.git, worktreePath))) return;
    await this.ctx.record(
      run,
      "git:problem",
      { problem: "a merge cut off by a restart was aborted", trackKey: null },
      {
        severity: "medium",
        message: `The integration worktree ${worktreePath} held a merge the restart cut off: aborted (git merge --abort) before merging again`,
        actor: "system",
      },
    );
  }

  private async carryOut(
    run: ActiveRun,
    coordination: CoordinationRun,
    record: IntegrationView,
    job: {
      branch: string;
      worktreePath: string;
      merge: { key: string; branch: string }[];
      leftOut: readonly NotIntegrated[];
      adopt: boolean;
      cutOff: boolean;
    },
  ): Promise<void> {
    const { ctx } = this;
    const setup = coordination.setup!;
    const test = run.plan.integration?.test ?? null;
    let result: IntegrationResult | null = null;
    let error: string | null = null;
    try {
      if (job.cutOff) await this.abortCutOffMerge(run, job.worktreePath);
      result = await integrateBranches(this.git, {
        repo: setup.repo.root,
        baseCommit: setup.baseCommit,
        branch: job.branch,
        worktreePath: job.worktreePath,
        merge: job.merge,
        test: test === null ? null : { command: test },
        adopt: job.adopt,
        // A plan's fixed integration.branch keeps its name in a new run: the way out is another name.
        ...(run.plan.integration?.branch ? { otherWay: "set another integration.branch in the plan" } : {}),
        runTest: async ({ command, workdir, env }) =>
          runQualityGate({
            command,
            workdir,
            env,
            tag: integrationGateTag(record.id),
            signal: this.abort.signal,
          }),
      });
    } catch (caught) {
      error = messageOf(caught);
    }
    // A stop cancelled its test: the integration did not fail, it was cut off.
    if (this.abort.signal.aborted && error === null && result?.test?.state === "failed")
      error = INTEGRATION_STOPPED;
    const state = stateOf(result, error);
    const stop = result?.steps.find((s) => s.key === result?.stoppedAt);
    const files = stop?.state === "conflict" ? stop.files : [];
    const report = result
      ? renderValidationReport({
          planName: run.plan.name,
          at: new Date(ctx.now()).toISOString(),
          order: record.order,
          result,
          notIntegrated: job.leftOut,
          conflicts: coordination.conflicts.map((c) => ({
            key: c.key ?? `#${c.id}`,
            kind: c.kind,
            severity: c.severity,
            state: c.state,
            files: c.files,
          })),
          gates: [],
        })
      : null;
    const at = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`store the integration of run ${run.id}`, () =>
      ctx.store.finishIntegrationRun(record.id, { state, result, error, report, at }),
    );
    await ctx.record(
      run,
      "integration:finished",
      { branch: job.branch, state, stoppedAt: result?.stoppedAt ?? null, files },
      {
        severity: state === "passed" ? "info" : "high",
        message: `Integration on ${job.branch}: ${describeOutcome(state, result, error, files, job.leftOut)}`,
        actor: "system",
      },
    );
  }
}

function stateOf(
  result: IntegrationResult | null,
  error: string | null,
): Exclude<IntegrationState, "running"> {
  if (!result || error) return "error";
  const stop = result.steps.find((s) => s.key === result.stoppedAt);
  if (stop?.state === "conflict") return "conflict";
  if (stop) return "error";
  if (result.test === null) return "passed";
  return result.test.state === "passed" ? "passed" : "failed";
}

/** "; not integrated: C (failed)" for the tracks with a branch that had not completed; "" for none. */
function describeLeftOut(leftOut: readonly NotIntegrated[]): string {
  return leftOut.length === 0
    ? ""
    : `; not integrated: ${leftOut.map((t) => `${t.key} (${t.status})`).join(", ")}`;
}

function describeOutcome(
  state: IntegrationState,
  result: IntegrationResult | null,
  error: string | null,
  files: readonly string[],
  leftOut: readonly NotIntegrated[],
): string {
  const merged =
    result?.steps.filter((s) => s.state === "merged" || s.state === "up-to-date").map((s) => s.key) ?? [];
  const every = `${leftOut.length === 0 ? "every branch" : "every completed track's branch"} merged (${merged.join(", ")})`;
  switch (state) {
    case "passed":
      return `${every}${result?.test ? `; ${result.test.command} passed` : "; no integration test configured"}${describeLeftOut(leftOut)}`;
    case "failed":
      return `${every}, but the integration test failed${describeLeftOut(leftOut)}`;
    case "conflict":
      return `stopped at ${result?.stoppedAt}: conflicts in ${files.join(", ")} (merge aborted; merged before it: ${merged.join(", ") || "none"})${describeLeftOut(leftOut)}`;
    case "error": {
      if (isInterrupted(error)) return `${error} (its test was cancelled)`;
      const step = result?.steps.find((s) => s.state === "error");
      return `could not integrate: ${error ?? (step?.state === "error" ? step.message : "unknown error")}`;
    }
    case "running":
      return "under way";
  }
}
