// The seed's conflict protocol on what the tracks really changed: each new detection pauses the tracks it names
// (SIGSTOP, verified), is recorded with its evidence and recommended resolution, and waits for the lead; the lead's
// ruling resumes, holds until rebase, widens or reassigns scopes, or dismisses. Every step is an event.
import type { ChangeConflict } from "../../domain/coordination/change-conflict-types";
import {
  applyScopeChanges,
  type LeadResolution,
  planLeadResolution,
} from "../../domain/coordination/conflict-lifecycle";
import {
  CONFLICT_KIND_LABEL,
  conflictTitle,
  heldPauseReason,
  recommendationText,
  stillHeldPauseReason,
} from "../../domain/coordination/conflict-wording";
import type { ConflictRecord, ConflictRuling } from "../../domain/coordination/coordination-views";
import { isFinished } from "../../domain/phases/track-lifecycle";
import type { Actor } from "../../domain/types";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors";
import type { RunContext } from "../run/context";
import type { SignalSystem } from "../run/signals";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import {
  asChangeConflict,
  details,
  holdersOf,
  list,
  nameOf,
  replace,
  scopeText,
  titleOf,
} from "./conflict-records";
import type { CoordinationRun } from "./coordination-state";

export class ConflictProtocol {
  constructor(
    private readonly ctx: RunContext,
    private readonly signals: SignalSystem,
  ) {}

  /** A poll's detections against the record: raise new ones, grow open ones, clear or release what is gone. */
  async reconcile(
    run: ActiveRun,
    coordination: CoordinationRun,
    detected: readonly ChangeConflict[],
    update: {
      raised: ChangeConflict[];
      grown: { conflict: ChangeConflict; newFiles: string[] }[];
      cleared: string[];
      refreshed: ChangeConflict[];
    },
  ): Promise<void> {
    await Promise.all(update.raised.map((conflict) => this.raise(run, coordination, conflict)));
    for (const { conflict, newFiles } of update.grown) await this.grow(run, coordination, conflict, newFiles);
    for (const conflict of update.refreshed) await this.refresh(run, coordination, conflict);
    for (const key of update.cleared) await this.clear(run, coordination, key);
    const present = new Set(detected.map((c) => c.key));
    for (const record of coordination.conflicts) {
      if (record.held.length > 0 && record.key !== null && !present.has(record.key))
        await this.releaseHeld(
          run,
          coordination,
          record,
          "its branch no longer conflicts (rebased or reverted)",
        );
    }
  }

  /** The lead's ruling on an open conflict of the live run. */
  async resolve(
    run: ActiveRun,
    coordination: CoordinationRun,
    id: number,
    choice: LeadResolution,
    actor: Actor,
  ): Promise<ConflictRecord> {
    const { ctx } = this;
    const record = coordination.conflicts.find((c) => c.id === id) ?? (await this.touchConflict(run, id));
    if (!record) throw new NotFoundError(`no conflict ${id} in the current run`);
    if (record.source === "touch" && choice.option === "keep-paused-until-rebase")
      throw new InvalidInputError(
        `conflict ${id} came from ::touch lines, not a branch: there is nothing to rebase; widen a scope, reassign the file or dismiss it`,
        { choice },
      );
    if (record.state !== "open")
      throw new ConflictError(
        `conflict ${id} is already ${record.state}${record.resolution ? `: ${record.resolution}` : ""}`,
      );
    const scopes = Object.fromEntries([...run.tracks.values()].map((t) => [t.plan.key, t.plan.scope]));
    // As they stand now (the advice on record may predate a track's end): the ruling's words resume or hold none of them.
    const ended = record.trackKeys.filter((k) => {
      const t = run.tracks.get(k);
      return t !== undefined && isFinished(t.status);
    });
    const plan = planLeadResolution(
      asChangeConflict(record),
      choice,
      scopes,
      coordination.setup?.scopeRoot ?? "",
      ended,
    );
    if ("error" in plan) throw new InvalidInputError(plan.error, { choice });
    for (const change of plan.scopeChanges) {
      const t = run.tracks.get(change.trackKey);
      if (t) t.plan.scope = applyScopeChanges(t.plan.scope, t.plan.key, [change]);
    }
    if (plan.scopeChanges.length > 0) {
      await ctx.save(`store the scopes of run ${run.id}`, () => ctx.store.saveRunPlan(run.id, run.plan));
      coordination.detectAgain = true;
    }
    const ruling: ConflictRuling = {
      choice,
      resumed: plan.resume,
      held: plan.keepPaused,
      scopeChanges: plan.scopeChanges,
      summary: plan.summary,
    };
    const settled = await ctx.store.settleConflict(record.id, {
      state: choice.option === "dismiss" ? "dismissed" : "resolved",
      resolution: plan.summary,
      ruling,
      held: plan.keepPaused,
      by: actor,
      at: new Date(ctx.now()),
    });
    replace(coordination, settled);
    await ctx.record(
      run,
      "conflict:resolved",
      { ...details(settled), ruling },
      {
        severity: "info",
        message: `${titleOf(record)} resolved by the ${actor}: ${plan.summary}${scopeText(plan.scopeChanges)}${this.stillHeldText(run, coordination, plan.resume)}`,
        actor,
        trackKey: record.trackKeys[0] ?? null,
      },
    );
    const reason = `ruling on ${nameOf(record)}: ${plan.summary}`;
    await Promise.all(plan.keepPaused.map((key) => this.pauseTrack(run, key, heldPauseReason(plan.resume))));
    await Promise.all(plan.resume.map((key) => this.resumeIfFree(run, coordination, key, actor, reason)));
    return settled;
  }

  /** A conflict a ::touch line raised in this run (run/conflicts.ts stores those), taken in for the lead's ruling. */
  private async touchConflict(run: ActiveRun, id: number): Promise<ConflictRecord | null> {
    const record = await this.ctx.store.getConflictRecord(id);
    return record?.runId === run.id && record.source === "touch" ? record : null;
  }

  /** True while an open conflict names the track, or a ruling holds it until it rebases. */
  isHeld(coordination: CoordinationRun, key: string): boolean {
    return holdersOf(coordination, key).length > 0;
  }

  /** "; A stays paused: the predicted merge conflict between A and B (open) still holds it": what a ruling cannot resume. */
  private stillHeldText(run: ActiveRun, coordination: CoordinationRun, keys: readonly string[]): string {
    const held = keys.flatMap((key) => {
      const t = run.tracks.get(key);
      if (t?.status !== "paused" || t.pausedBy !== "conflict") return [];
      const holders = holdersOf(coordination, key);
      if (holders.length === 0) return [];
      const names = holders.map(
        (c) => `${nameOf(c)} (${c.state === "open" ? "open" : "held until it rebases"})`,
      );
      return [
        `${key} stays paused: ${names.join(" and ")} still ${holders.length === 1 ? "holds" : "hold"} it`,
      ];
    });
    return held.length === 0 ? "" : `; ${held.join("; ")}`;
  }

  /** The lead resumed a held track by hand: it is no longer held. */
  async forgetHold(run: ActiveRun, coordination: CoordinationRun, key: string): Promise<void> {
    for (const record of coordination.conflicts.filter((c) => c.held.includes(key))) {
      const held = record.held.filter((k) => k !== key);
      replace(coordination, await this.ctx.store.setConflictHeld(record.id, held, new Date(this.ctx.now())));
      await this.ctx.record(
        run,
        "conflict:hold-released",
        { ...details(record), released: [key] },
        {
          severity: "info",
          message: `${titleOf(record)}: track ${key} is no longer held (resumed by the lead)`,
          actor: "lead",
          trackKey: key,
        },
      );
    }
  }

  private async raise(run: ActiveRun, coordination: CoordinationRun, conflict: ChangeConflict) {
    const { ctx } = this;
    const pausing = Promise.all(conflict.pause.map((key) => this.pauseTrack(run, key, conflict.message)));
    const record = await ctx.store.createChangeConflict(run.id, conflict, new Date(ctx.now()));
    coordination.conflicts.push(record);
    const rec = conflict.recommendation;
    await ctx.record(run, "conflict:raised", details(record), {
      severity: conflict.severity === "info" ? "low" : conflict.severity,
      message: `${CONFLICT_KIND_LABEL[conflict.kind]} (${conflict.severity}): ${conflict.message} — recommended: ${recommendationText({ ...conflict, recommendation: rec })}: ${rec.reason}`,
      actor: "system",
      trackKey: conflict.trackKeys[0] ?? null,
    });
    await pausing;
  }

  private async grow(
    run: ActiveRun,
    coordination: CoordinationRun,
    conflict: ChangeConflict,
    newFiles: string[],
  ) {
    const { ctx } = this;
    const record = coordination.conflicts.find((c) => c.key === conflict.key && c.state === "open");
    if (!record) return;
    const updated = await ctx.store.updateConflictEvidence(record.id, conflict, new Date(ctx.now()));
    replace(coordination, updated);
    await ctx.record(
      run,
      "conflict:grown",
      { ...details(updated), newFiles },
      {
        severity: conflict.severity === "info" ? "low" : conflict.severity,
        message: `${conflictTitle(conflict.kind, conflict.trackKeys)} reaches ${list(newFiles)} now: ${conflict.message}`,
        actor: "system",
        trackKey: conflict.trackKeys[0] ?? null,
      },
    );
    await Promise.all(
      conflict.pause.map((key) =>
        this.pauseTrack(run, key, `${conflict.message} (now also ${list(newFiles)})`),
      ),
    );
  }

  /**
   * An open conflict whose recommendation changed on the same files (a ruling moved a scope): the record shows the
   * current message, evidence and recommendation, so the lead is not offered advice the scopes no longer support.
   */
  private async refresh(run: ActiveRun, coordination: CoordinationRun, conflict: ChangeConflict) {
    const record = coordination.conflicts.find((c) => c.key === conflict.key && c.state === "open");
    if (!record) return;
    const before = record.message;
    const updated = await this.ctx.store.updateConflictEvidence(
      record.id,
      conflict,
      new Date(this.ctx.now()),
    );
    replace(coordination, updated);
    // A track whose pause reason quotes the conflict's old words quotes the new ones.
    for (const key of updated.trackKeys) {
      const t = run.tracks.get(key);
      if (!t || before === updated.message) continue;
      await this.ctx.withLock(t, async () => {
        if (t.status !== "paused" || t.pausedBy !== "conflict" || !t.pauseReason?.includes(before)) return;
        t.pauseReason = t.pauseReason.replace(before, updated.message);
        await this.ctx.persistTrack(run, t);
      });
    }
    // An event of its own: the Conflicts page refetches on conflict events, so the lead sees the new advice now.
    await this.ctx.record(run, "conflict:advice-changed", details(updated), {
      severity: "low",
      message: `${conflictTitle(conflict.kind, conflict.trackKeys)}: the recommendation changed with the scopes or the tracks' standing: ${recommendationText(updated) ?? conflict.recommendation.reason}`,
      actor: "system",
      trackKey: conflict.trackKeys[0] ?? null,
    });
  }

  private async clear(run: ActiveRun, coordination: CoordinationRun, key: string) {
    const { ctx } = this;
    for (const record of coordination.conflicts.filter((c) => c.key === key && c.state === "open")) {
      const settled = await ctx.store.settleConflict(record.id, {
        state: "cleared",
        resolution: "no longer detected: the changes were reverted, rebased or merged",
        ruling: null,
        held: [],
        by: "system",
        at: new Date(ctx.now()),
      });
      replace(coordination, settled);
      await ctx.record(run, "conflict:cleared", details(settled), {
        severity: "info",
        message: `${titleOf(record)} cleared: no longer detected (the changes were reverted, rebased or merged)`,
        actor: "system",
        trackKey: record.trackKeys[0] ?? null,
      });
      await Promise.all(
        record.trackKeys.map((k) =>
          this.resumeIfFree(run, coordination, k, "system", `${nameOf(record)} cleared by itself`),
        ),
      );
    }
  }

  private async releaseHeld(
    run: ActiveRun,
    coordination: CoordinationRun,
    record: ConflictRecord,
    why: string,
  ) {
    const released = record.held;
    const updated = await this.ctx.store.setConflictHeld(record.id, [], new Date(this.ctx.now()));
    replace(coordination, updated);
    await this.ctx.record(
      run,
      "conflict:hold-released",
      { ...details(updated), released },
      {
        severity: "info",
        message: `${titleOf(record)}: ${released.join(", ")} released: ${why}`,
        actor: "system",
        trackKey: released[0] ?? null,
      },
    );
    await Promise.all(
      released.map((k) => this.resumeIfFree(run, coordination, k, "system", `${nameOf(record)}: ${why}`)),
    );
  }

  /** SIGSTOP for a running track; a track the governor paused is taken over (only the lead resumes it now). */
  private pauseTrack(run: ActiveRun, key: string, reason: string): Promise<void> {
    const t = run.tracks.get(key);
    if (!t) return Promise.resolve();
    return this.ctx.withLock(t, async () => {
      if (t.status === "running") {
        await this.signals.signalTrack(run, t, "pause", "system", reason, "conflict");
      } else if (t.status === "paused" && t.pausedBy === "governor") {
        await this.takeOver(run, t, reason);
      } else if (t.status === "paused" && t.pausedBy === "conflict" && t.pauseReason !== reason) {
        // Already paused by the conflict: the card should say why it stays paused now (held until it rebases).
        t.pauseReason = reason;
        await this.ctx.persistTrack(run, t);
      }
    });
  }

  private async takeOver(run: ActiveRun, t: TrackRuntime, reason: string) {
    t.pausedBy = "conflict";
    t.pauseReason = reason;
    await this.ctx.persistTrack(run, t);
  }

  /**
   * SIGCONT for a track a conflict paused, unless another conflict still holds it: then its pause reason names that
   * conflict (the one that let it go no longer explains the pause).
   */
  private resumeIfFree(
    run: ActiveRun,
    coordination: CoordinationRun,
    key: string,
    actor: Actor,
    reason: string,
  ): Promise<void> {
    const t = run.tracks.get(key);
    if (!t) return Promise.resolve();
    return this.ctx.withLock(t, async () => {
      if (t.status !== "paused" || t.pausedBy !== "conflict") return;
      const stillHeld = stillHeldPauseReason(holdersOf(coordination, key));
      if (stillHeld === null) {
        await this.signals.signalTrack(run, t, "resume", actor, reason);
      } else if (t.pauseReason !== stillHeld) {
        t.pauseReason = stillHeld;
        await this.ctx.persistTrack(run, t);
      }
    });
  }
}
