// Phase 4: when a track completes and its quality gate passes (or it has none), each of its plan handoffs copies the
// artifacts into the receiver's worktree (sha256 of each), writes the handoff document there, and the receiver
// counts as ready once it acknowledges: automatically when its agent starts, or by the lead ("acknowledge: lead":
// the receiver does not start before).
import path from "node:path";
import { openBlockerReports } from "../../domain/coordination/blockers";
import type { HandoffView } from "../../domain/coordination/coordination-views";
import { type GateOutcome, handoffsDue, renderHandoffDocument } from "../../domain/coordination/handoffs";
import type { Actor, PlanHandoff } from "../../domain/types";
import { possessive } from "../../domain/wording";
import { incomingDirFor, transferArtifacts, writeHandoffDocument } from "../../handoff/transfer-artifacts";
import { ConflictError, NotFoundError } from "../errors";
import type { RunContext } from "../run/context";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import { type CoordinationRun, handoffKey } from "./coordination-state";
import { type GitWorkspace, messageOf } from "./git-workspace";

/** Where the document goes in the receiver's worktree (excluded from its changes: .paratrack/ is in info/exclude). */
export function handoffDocumentPath(from: string): string {
  return `.paratrack/handoffs/${from}.md`;
}

/** A completed track's gate as its stored test status says (null: not over yet). */
const GATE_OF_TEST_STATUS: Record<NonNullable<TrackRuntime["testStatus"]>, GateOutcome | null> = {
  passed: "passed",
  skipped: "no-test",
  failed: "failed",
  running: null,
  cancelled: null,
};

export class HandoffSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly workspace: GitWorkspace,
    private readonly afterChange: (run: ActiveRun) => Promise<void>,
  ) {}

  /** Every handoff of the plan, pending, at the run's start. */
  initial(run: ActiveRun): Map<string, HandoffView> {
    return new Map(
      (run.plan.handoffs ?? []).map((h) => [
        handoffKey(h.from, h.to),
        {
          runId: run.id,
          from: h.from,
          to: h.to,
          state: "pending",
          acknowledge: h.acknowledge ?? "auto",
          artifacts: [],
          unmatchedGlobs: [],
          document: null,
          documentPath: null,
          reason: null,
          deliveredAt: null,
          acknowledgedAt: null,
          acknowledgedBy: null,
        } satisfies HandoffView,
      ]),
    );
  }

  /** Why a receiver may not start yet (a handoff on its way, or waiting for the lead's acknowledgement), or null. */
  holdReason(run: ActiveRun, coordination: CoordinationRun, key: string): string | null {
    for (const h of coordination.handoffs.values()) {
      if (h.to !== key) continue;
      const sender = run.tracks.get(h.from);
      if (h.state === "pending" && sender?.status === "completed")
        return `waiting for the handoff from ${h.from} (its quality gate and artifacts)`;
      if (h.state === "delivered" && h.acknowledge === "lead")
        return `waiting for the lead to acknowledge the handoff from ${h.from}`;
    }
    return null;
  }

  /** The receiver's agent starts: its delivered handoffs are acknowledged (automatic acknowledgement). */
  async acknowledgeOnStart(run: ActiveRun, coordination: CoordinationRun, t: TrackRuntime): Promise<void> {
    for (const h of coordination.handoffs.values()) {
      if (h.to === t.plan.key && h.state === "delivered")
        await this.acknowledgeOne(run, h, "agent", `${possessive(t.plan.key)} agent started`);
    }
  }

  /** The lead acknowledges a delivered handoff; a receiver held for it becomes ready. */
  async acknowledge(
    run: ActiveRun,
    coordination: CoordinationRun,
    from: string,
    to: string,
  ): Promise<HandoffView> {
    const h = coordination.handoffs.get(handoffKey(from, to));
    if (!h) throw new NotFoundError(`the plan has no handoff from ${from} to ${to}`);
    if (h.state === "acknowledged") return h;
    if (h.state !== "delivered")
      throw new ConflictError(
        `the handoff from ${from} to ${to} is ${h.state}${h.reason ? `: ${h.reason}` : ""}; only a delivered handoff can be acknowledged`,
      );
    await this.acknowledgeOne(run, h, "lead", "acknowledged by the lead");
    await this.afterChange(run);
    return h;
  }

  /** The sender's quality gate ended: deliver its handoffs (or say why not). */
  async onGateFinished(
    run: ActiveRun,
    coordination: CoordinationRun,
    from: TrackRuntime,
    gate: GateOutcome,
  ): Promise<void> {
    const plan = run.plan.handoffs ?? [];
    if (!plan.some((h) => h.from === from.plan.key)) return;
    const due = handoffsDue(plan, from.plan.key, gate);
    if (due.length === 0) {
      for (const h of plan.filter((p) => p.from === from.plan.key))
        await this.skip(
          run,
          coordination,
          h,
          `${possessive(from.plan.key)} quality gate ${gate === "failed" ? "failed" : "did not pass"}: nothing handed over`,
        );
      await this.afterChange(run);
      return;
    }
    for (const h of due) {
      try {
        await this.deliver(run, coordination, from, h, gate);
      } catch (error) {
        await this.fail(run, coordination, h, messageOf(error));
      }
    }
    await this.afterChange(run);
  }

  /**
   * After a restart: a sender whose gate ended while the server went away (its handoffs still all pending) hands over
   * now, as it would have then; a gate still to run (again) delivers when it ends.
   */
  async catchUp(run: ActiveRun, coordination: CoordinationRun): Promise<void> {
    for (const t of run.tracks.values()) {
      const gate = GATE_OF_TEST_STATUS[t.testStatus ?? "running"];
      const mine = [...coordination.handoffs.values()].filter((h) => h.from === t.plan.key);
      if (t.status !== "completed" || gate === null || mine.length === 0) continue;
      if (mine.every((h) => h.state === "pending")) await this.onGateFinished(run, coordination, t, gate);
    }
  }

  /** The sender failed or was stopped: its handoffs will not come. */
  async onSenderEnded(run: ActiveRun, coordination: CoordinationRun, from: TrackRuntime): Promise<void> {
    for (const h of (run.plan.handoffs ?? []).filter((p) => p.from === from.plan.key))
      await this.skip(run, coordination, h, `${from.plan.key} ${from.status}: nothing handed over`);
  }

  private async deliver(
    run: ActiveRun,
    coordination: CoordinationRun,
    from: TrackRuntime,
    plan: PlanHandoff,
    gate: GateOutcome,
  ) {
    const { ctx } = this;
    const to = run.tracks.get(plan.to);
    if (!to) throw new Error(`no track ${plan.to}`);
    const fromRoot = this.rootOf(coordination, from);
    // The receiver's worktree is made now if it has not started yet, so the artifacts are there when it does.
    let toRoot = this.rootOf(coordination, to);
    if (coordination.setup && to.plan.worktree !== false) {
      const state = await this.workspace.ensureWorktree(run, coordination, to);
      if (typeof state === "string") throw new Error(state);
      toRoot = state.path;
    }
    const transfer = await transferArtifacts({
      fromKey: from.plan.key,
      fromRoot,
      toRoot,
      globs: plan.artifacts,
    });
    const received = coordination.tracks.get(to.plan.key)?.received;
    for (const a of transfer.artifacts) {
      received?.add(a.path);
      if (a.incomingPath) received?.add(a.incomingPath);
    }
    const fromState = coordination.tracks.get(from.plan.key);
    const at = new Date(ctx.now()).toISOString();
    const document = renderHandoffDocument({
      from: { key: from.plan.key, name: from.plan.name },
      to: { key: to.plan.key, name: to.plan.name },
      at,
      branch: fromState?.changes?.head ? { name: fromState.branch, head: fromState.changes.head } : null,
      artifacts: transfer.artifacts,
      unmatchedGlobs: transfer.unmatchedGlobs,
      tests: { command: from.plan.test, outcome: gate, summary: from.exitSummary },
      openBlockers: openBlockerReports(coordination.board, from.plan.key),
      ...(await this.reported(from)),
      acknowledge: plan.acknowledge ?? "auto",
    });
    const documentPath = path.join(toRoot, handoffDocumentPath(from.plan.key));
    await writeHandoffDocument(documentPath, document);
    const h = this.view(coordination, plan);
    Object.assign(h, {
      state: "delivered",
      artifacts: transfer.artifacts,
      unmatchedGlobs: transfer.unmatchedGlobs,
      document,
      documentPath,
      reason:
        transfer.unmatchedGlobs.length > 0
          ? `globs that matched nothing: ${transfer.unmatchedGlobs.join(", ")}`
          : null,
      deliveredAt: at,
    } satisfies Partial<HandoffView>);
    await ctx.save(`store the handoff ${h.from}→${h.to}`, () => ctx.store.saveHandoff(h));
    const kept = transfer.artifacts.filter((a) => a.outcome === "kept-receiver-version");
    await ctx.record(
      run,
      "handoff:delivered",
      {
        from: h.from,
        to: h.to,
        artifacts: h.artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
        reason: h.reason,
      },
      {
        severity: transfer.unmatchedGlobs.length > 0 ? "medium" : "info",
        message: `Handoff ${h.from} → ${h.to}: ${h.artifacts.length} artifact(s) with sha256 into ${toRoot}${kept.length ? ` (${kept.length} kept the receiver's version; incoming copies under ${incomingDirFor(h.from)})` : ""}, document ${documentPath}${h.acknowledge === "lead" ? "; waiting for the lead's acknowledgement" : ""}`,
        actor: "system",
        trackKey: h.to,
      },
    );
    // A receiver already at work has its agent running: that is its acknowledgement.
    if (to.status === "running" || to.status === "paused")
      await this.acknowledgeOne(run, h, "agent", `${possessive(to.plan.key)} agent is running`);
  }

  private async acknowledgeOne(run: ActiveRun, h: HandoffView, by: Actor, why: string) {
    const { ctx } = this;
    if (h.acknowledge === "lead" && by !== "lead") return;
    h.state = "acknowledged";
    h.acknowledgedAt = new Date(ctx.now()).toISOString();
    h.acknowledgedBy = by;
    await ctx.save(`store the handoff ${h.from}→${h.to}`, () => ctx.store.saveHandoff(h));
    await ctx.record(
      run,
      "handoff:acknowledged",
      {
        from: h.from,
        to: h.to,
        artifacts: h.artifacts.map((a) => ({ path: a.path, sha256: a.sha256 })),
        reason: why,
      },
      {
        severity: "info",
        message: `Handoff ${h.from} → ${h.to} acknowledged: ${why}`,
        actor: by,
        trackKey: h.to,
      },
    );
  }

  private async skip(run: ActiveRun, coordination: CoordinationRun, plan: PlanHandoff, reason: string) {
    const h = this.view(coordination, plan);
    if (h.state !== "pending") return;
    h.state = "skipped";
    h.reason = reason;
    await this.ctx.save(`store the handoff ${h.from}→${h.to}`, () => this.ctx.store.saveHandoff(h));
    await this.ctx.record(
      run,
      "handoff:skipped",
      { from: h.from, to: h.to, artifacts: [], reason },
      {
        severity: "high",
        message: `Handoff ${h.from} → ${h.to} not made: ${reason}`,
        actor: "system",
        trackKey: h.to,
      },
    );
  }

  private async fail(run: ActiveRun, coordination: CoordinationRun, plan: PlanHandoff, reason: string) {
    const h = this.view(coordination, plan);
    h.state = "failed";
    h.reason = reason;
    await this.ctx.save(`store the handoff ${h.from}→${h.to}`, () => this.ctx.store.saveHandoff(h));
    await this.ctx.record(
      run,
      "handoff:skipped",
      { from: h.from, to: h.to, artifacts: [], reason },
      {
        severity: "high",
        message: `Handoff ${h.from} → ${h.to} failed: ${reason}`,
        actor: "system",
        trackKey: h.to,
      },
    );
  }

  private view(coordination: CoordinationRun, plan: PlanHandoff): HandoffView {
    const h = coordination.handoffs.get(handoffKey(plan.from, plan.to));
    if (!h) throw new Error(`no handoff ${plan.from}→${plan.to} on record`);
    return h;
  }

  /** Where a track's files are: its worktree's root, or the plan's workdir (shared tree). */
  private rootOf(coordination: CoordinationRun, t: TrackRuntime): string {
    return coordination.tracks.get(t.plan.key)?.path ?? t.plan.workdir;
  }

  /** What the sender reported over the run: its completed items (deliverables) and lessons, newest last. */
  private async reported(t: TrackRuntime): Promise<{ deliverables: string[]; lessons: string[] }> {
    const facts = await this.ctx.store
      .dailyTrackFacts(this.ctx.state.active?.id ?? "", t.plan.key, {
        from: new Date(0),
        to: new Date(this.ctx.now() + 1),
        now: new Date(this.ctx.now()),
      })
      .catch(() => ({ reports: [] }));
    return {
      deliverables: [...new Set(facts.reports.flatMap((r) => r.completedToday ?? []))],
      lessons: [...new Set(facts.reports.flatMap((r) => r.lessons ?? []))],
    };
  }
}
