// After a restart (kill -9, or a stop that left the agents running): the coordination state of the run the recovery
// takes over is read back from the database, so the worktrees, the conflicts with their holds, the blockers board, the
// handoffs and the integration go on as if the server had never been away. Nothing is created or moved in git here:
// the repository is only checked, and the first poll reads every worktree again.
import type { HandoffView } from "../../domain/coordination/coordination-views";
import type { Plan } from "../../domain/types";
import { pathInWorktree } from "../../git/worktrees";
import { processesWorkingIn } from "../../monitor/working-in";
import { PlanRejectedError } from "../errors";
import { describeEnded, endOrphanedGate, integrationGateTag } from "../gate-orphans";
import type { RunContext } from "../run/context";
import type { ActiveRun } from "../track-runtime";
import { type CoordinationRun, handoffKey, type TrackGitState } from "./coordination-state";
import { type GitWorkspace, messageOf, type RepositoryCheck } from "./git-workspace";
import type { HandoffSystem } from "./handoff-system";
import type { IntegrationSystem } from "./integration-system";

/**
 * Said on an integration the server's death cut off (it cannot go on: its merge and test were the server's
 * children). Nobody chose that: the next start runs it again by itself, once (restartCutOffIntegration).
 */
export const INTEGRATION_INTERRUPTED = "interrupted: the server died while it ran";

/** Said on an integration whose test a stop cancelled: the lead stopped the server, so the lead starts it again. */
export const INTEGRATION_STOPPED = "interrupted: the server was stopped while it ran; start it again";

/** Whether an integration's error says a stop or crash cut it off (older records said "the server restarted"). */
export function isInterrupted(error: string | null): boolean {
  return error?.startsWith("interrupted:") === true;
}

/** The run's coordination as stored; each track's `git`, `workdir` and blockers are set on the run's tracks. */
export async function restoreCoordination(
  ctx: RunContext,
  workspace: GitWorkspace,
  handoffs: HandoffSystem,
  run: ActiveRun,
): Promise<CoordinationRun> {
  const [stored, conflicts, board, handoffRows, integration] = await Promise.all([
    ctx.store.listTrackGit(run.id),
    ctx.store.listConflictRecords(run.id),
    ctx.store.listBlockerEntries(run.id),
    ctx.store.listHandoffs(run.id),
    ctx.store.latestIntegrationRun(run.id),
  ]);
  // Every branch started from the same commit: the tracks' rows say which; before any worktree, the stored plan does.
  const base =
    [...stored.values()].find((g) => g.baseCommit !== "")?.baseCommit ?? run.plan.repo?.base ?? null;
  const setup = await recheckRepository(ctx, workspace, run, base);

  // Handoffs as stored (a plan handoff never stored yet starts pending, as at the run's start).
  const restoredHandoffs = handoffs.initial(run);
  for (const h of handoffRows) restoredHandoffs.set(handoffKey(h.from, h.to), h);
  for (const h of restoredHandoffs.values())
    if (!handoffRows.some((r) => r.from === h.from && r.to === h.to))
      await ctx.save(`store the handoff ${h.from}→${h.to}`, () => ctx.store.saveHandoff(h));

  const tracks = new Map<string, TrackGitState>();
  for (const [key, git] of stored) {
    const t = run.tracks.get(key);
    if (!t || git.worktree === "") continue;
    tracks.set(key, {
      key,
      repoRoot: setup?.repo.root ?? run.plan.repo?.path ?? git.worktree,
      path: git.worktree,
      branch: git.branch,
      baseCommit: git.baseCommit,
      // Read again by the first poll (it raises nothing already on record).
      changes: null,
      problem: null,
      received: receivedBy(key, restoredHandoffs.values()),
      readAfterEnd: false,
    });
    t.git = { ...git, problem: null };
    // Where its agents (a requeued attempt) and its quality gate run: its place in the worktree, as at its start.
    t.workdir =
      (setup ? pathInWorktree(t.plan.workdir, setup.repo.root, git.worktree) : null) ?? git.worktree;
  }

  // The card's blockers (and "blocked" for a critical one) come from the board.
  for (const t of run.tracks.values()) {
    const open = board.filter((e) => e.trackKey === t.plan.key && e.resolvedAt === null);
    t.blockers = open.map((e) => ({
      blocker: e.blocker,
      severity: e.severity,
      resolutionPlan: e.resolutionPlan,
    }));
  }

  if (integration?.state === "running") {
    const at = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`end the interrupted integration of run ${run.id}`, () =>
      ctx.store.finishIntegrationRun(integration.id, {
        state: "error",
        result: null,
        error: INTEGRATION_INTERRUPTED,
        report: null,
        at,
      }),
    );
    await ctx.record(
      run,
      "integration:finished",
      { branch: integration.branch, state: "error", stoppedAt: null, files: [] },
      {
        severity: "high",
        message: `Integration on ${integration.branch}: ${INTEGRATION_INTERRUPTED} (its worktree ${integration.worktreePath ?? ""} is kept as it was)`,
        actor: "system",
      },
    );
  }

  return {
    runId: run.id,
    branchId: run.id.slice(0, 8),
    setup,
    tracks,
    predictions: [],
    // The conflicts from real changes (::touch ones are the older scope check's, not this protocol's).
    conflicts: conflicts.filter((c) => c.source === "git"),
    board,
    handoffs: restoredHandoffs,
    integration: null,
  };
}

/**
 * After a restart: an integration the server's death cut off starts again by itself, as the lead had started it.
 * Once: when that one is cut off too, while its orphaned test still runs in its worktree, or when it cannot start (a
 * track works on its branch again), an event says why and the lead starts it. One a stop cut off waits for the lead.
 * Never throws: recovery goes on either way.
 */
export async function restartCutOffIntegration(
  ctx: RunContext,
  integration: IntegrationSystem,
  run: ActiveRun,
  coordination: CoordinationRun,
): Promise<void> {
  const latest = await ctx.store.latestIntegrationRun(run.id);
  if (latest?.state !== "error" || latest.error !== INTEGRATION_INTERRUPTED) return;
  let reason: string | null = null;
  if (await ctx.store.latestIntegrationWasRestart(run.id)) {
    reason = "it had been started again after an earlier crash, and was cut off again";
  } else {
    // Its test may outlive the server (an orphan): ended, found by its tag. Any other process in its worktree (one
    // it started without the tag, a lead's shell) is not Paratrack's to end: a second one must not run beside it.
    await endIntegrationOrphans(ctx, run, latest);
    const leftovers = latest.worktreePath ? processesWorkingIn(latest.worktreePath) : [];
    if (leftovers.length > 0)
      reason = `processes from before the crash still run in its worktree (pid ${leftovers.join(", ")}); start it once they have ended`;
  }
  if (reason === null) {
    try {
      await integration.start(run, coordination, latest.id);
      return;
    } catch (error) {
      reason = messageOf(error);
    }
  }
  await ctx.record(
    run,
    "integration:not-restarted",
    { branch: latest.branch, reason },
    {
      severity: "high",
      message: `The integration on ${latest.branch} the server's death cut off is not started again by itself (${reason}): start it from the dashboard`,
      actor: "system",
    },
  );
}

/** Ends what the cut-off integration's test left running, and says so. */
async function endIntegrationOrphans(
  ctx: RunContext,
  run: ActiveRun,
  latest: { id: number; branch: string },
): Promise<void> {
  const orphans = await endOrphanedGate(integrationGateTag(latest.id));
  if (orphans.pids.length === 0) return;
  await ctx.record(
    run,
    "integration:test-orphans",
    { branch: latest.branch, ...orphans },
    {
      severity: "medium",
      message: `The integration test on ${latest.branch} the server's death cut off still ran: ${describeEnded(orphans)} before it runs again`,
      actor: "system",
    },
  );
}

/**
 * The plan's repository checked again, at the base the run started from. Its warnings were said at the start; a
 * repository gone meanwhile is said now (the tracks keep their worktrees, no new one is made).
 */
async function recheckRepository(
  ctx: RunContext,
  workspace: GitWorkspace,
  run: ActiveRun,
  base: string | null,
): Promise<RepositoryCheck | null> {
  const repo = run.plan.repo;
  if (!repo) return null;
  const plan: Plan = { ...run.plan, repo: { ...repo, base } };
  try {
    return await workspace.checkRepository(plan, { fileName: run.planPath ?? "plan", text: "" });
  } catch (error) {
    const why =
      error instanceof PlanRejectedError ? error.errors.map((e) => e.message).join("; ") : messageOf(error);
    const problem = `after the restart, the plan's repository ${repo.path} cannot be used: ${why}; no new worktree is made and no change is read`;
    await ctx.record(
      run,
      "git:problem",
      { problem, trackKey: null },
      { severity: "high", message: `Repository: ${problem}`, actor: "system" },
    );
    return null;
  }
}

/** The paths handoffs copied into a track's worktree (not its own work). */
function receivedBy(key: string, handoffs: Iterable<HandoffView>): Set<string> {
  const received = new Set<string>();
  for (const h of handoffs) {
    if (h.to !== key || (h.state !== "delivered" && h.state !== "acknowledged")) continue;
    for (const a of h.artifacts) {
      received.add(a.path);
      if (a.incomingPath) received.add(a.incomingPath);
    }
  }
  return received;
}
