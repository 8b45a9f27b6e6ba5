// The blockers board: every blocker from reports and ::blocker lines, with its owner track, severity, resolution plan
// and resolved-at. A critical open blocker marks its track blocked and raises an alert; the lead resolves by hand.
import {
  applyBlockerObservation,
  type BlockerEntry,
  buildBlockerNotice,
  describeFullBoard,
  hasRoomFor,
  MAX_OPEN_BLOCKERS_PER_TRACK,
  resolveBlocker,
  trackBlockState,
} from "../../domain/coordination/blockers";
import type { BlockerEventDetails, ReportSource } from "../../domain/event-kinds";
import type { BlockerSeverity, ProgressReport } from "../../domain/types";
import { ConflictError, NotFoundError } from "../errors";
import type { RunContext } from "../run/context";
import { runNotifier } from "../run/run-notifier";
import type { ActiveRun } from "../track-runtime";
import type { CoordinationRun } from "./coordination-state";

export class BlockerBoard {
  /** Tracks whose "blocked" the board set (a critical blocker): only those it clears, never a report's (issue 15). */
  private readonly markedBlocked = new Set<string>();
  /** "<track>\0<severity>" whose room on the board is full, already said (noteDropped). */
  private readonly full = new Set<string>();

  constructor(private readonly ctx: RunContext) {}

  /** A report was applied to the track: its blockers update the board. */
  async observe(
    run: ActiveRun,
    coordination: CoordinationRun,
    trackKey: string,
    report: ProgressReport,
    source: ReportSource,
  ): Promise<void> {
    const { ctx } = this;
    // Room on the board before this report (the lead resolved some): a later overflow is said again.
    for (const full of this.full) {
      const [key, severity] = full.split("\0") as [string, BlockerSeverity];
      if (key === trackKey && hasRoomFor(coordination.board, trackKey, severity)) this.full.delete(full);
    }
    const change = applyBlockerObservation(coordination.board, {
      trackKey,
      at: new Date(ctx.now()).toISOString(),
      // A stdout line is one ::blocker (it adds); an API or CLI report carries the track's whole list.
      source: source === "stdout" ? "log-line" : "report",
      blockers: report.blockers,
    });
    coordination.board = change.board;
    await this.noteDropped(run, trackKey, change.dropped);
    const changed = [...change.raised, ...change.updated, ...change.resolved];
    if (changed.length === 0) return;
    await ctx.save(`store the blockers of ${trackKey}`, () => ctx.store.saveBlockerEntries(run.id, changed));
    for (const e of change.raised) {
      const alert = e.severity === "critical";
      if (alert) this.notify(run, e);
      await this.event(
        run,
        "blocker:raised",
        e,
        alert ? "critical" : "low",
        `${alert ? "ALERT: critical blocker" : "Blocker"} #${e.id} on track ${e.trackKey}: ${e.blocker}${e.resolutionPlan ? ` (plan: ${e.resolutionPlan})` : ""}`,
      );
    }
    for (const e of change.updated) {
      const alert = change.alerts.includes(e);
      if (alert) this.notify(run, e);
      await this.event(
        run,
        "blocker:updated",
        e,
        alert ? "critical" : "low",
        `${alert ? "ALERT: blocker became critical" : "Blocker updated"} #${e.id} on track ${e.trackKey}: ${e.blocker} (${e.severity})`,
      );
    }
    for (const e of change.resolved) {
      await this.event(
        run,
        "blocker:resolved",
        e,
        "info",
        `Blocker #${e.id} on track ${e.trackKey} resolved (no longer reported): ${e.blocker}`,
      );
    }
    await this.markBlocked(run, coordination, trackKey);
  }

  /**
   * The board is full for this track: said once (a high event), until it has room again, so an agent printing a
   * new blocker per line does not flood the events either.
   */
  private async noteDropped(
    run: ActiveRun,
    trackKey: string,
    dropped: Partial<Record<BlockerSeverity, number>>,
  ) {
    for (const [severity, count] of Object.entries(dropped) as [BlockerSeverity, number][]) {
      const full = `${trackKey}\0${severity}`;
      if (this.full.has(full)) continue;
      this.full.add(full);
      await this.ctx.record(
        run,
        "blocker:dropped",
        { severity, dropped: count, limit: MAX_OPEN_BLOCKERS_PER_TRACK },
        {
          severity: "high",
          message: describeFullBoard(trackKey, severity),
          actor: "agent",
          trackKey,
        },
      );
    }
  }

  /** The lead resolves a blocker by hand. */
  async resolve(run: ActiveRun, coordination: CoordinationRun, id: number): Promise<BlockerEntry> {
    const { ctx } = this;
    const entry = coordination.board.find((e) => e.id === id);
    if (!entry) throw new NotFoundError(`no blocker #${id} in the current run`);
    if (entry.resolvedAt !== null)
      // No raw ISO time in the words: the board shows when, in the lead's own zone.
      throw new ConflictError(
        `blocker #${id} is already resolved (${entry.resolvedBy === "lead" ? "by the lead" : "no longer in its track's report"})`,
      );
    coordination.board = resolveBlocker(coordination.board, id, new Date(ctx.now()).toISOString());
    const resolved = coordination.board.find((e) => e.id === id)!;
    await ctx.save(`store blocker #${id}`, () => ctx.store.saveBlockerEntries(run.id, [resolved]));
    await this.event(
      run,
      "blocker:resolved",
      resolved,
      "info",
      `Blocker #${id} on track ${resolved.trackKey} resolved by the lead: ${resolved.blocker}`,
      "lead",
    );
    await this.markBlocked(run, coordination, resolved.trackKey);
    return resolved;
  }

  /** The track's card says "blocked" while a critical blocker is open (and what it reported otherwise). */
  private async markBlocked(run: ActiveRun, coordination: CoordinationRun, trackKey: string) {
    const t = run.tracks.get(trackKey);
    if (!t) return;
    const { blocked, open } = trackBlockState(coordination.board, trackKey);
    await this.ctx.withLock(t, async () => {
      t.blockers = open.map((e) => ({
        blocker: e.blocker,
        severity: e.severity,
        resolutionPlan: e.resolutionPlan,
      }));
      if (blocked) {
        if (t.reportStatus !== "blocked") this.markedBlocked.add(trackKey);
        t.reportStatus = "blocked";
      } else if (this.markedBlocked.delete(trackKey) && t.reportStatus === "blocked") t.reportStatus = null;
      await this.ctx.persistTrack(run, t);
    });
  }

  /** A critical blocker goes to the plan's webhook too: the lead may not be looking at the dashboard. */
  private notify(run: ActiveRun, e: BlockerEntry): void {
    const notifier = runNotifier(this.ctx, run);
    if (notifier === null) return;
    const base = this.ctx.baseUrl();
    notifier.notify(
      buildBlockerNotice({
        run: { id: run.id, name: run.name },
        track: { key: e.trackKey, name: run.tracks.get(e.trackKey)?.plan.name ?? e.trackKey },
        entry: e,
        url: base ? `${base}/conflicts` : null,
      }),
    );
  }

  private event(
    run: ActiveRun,
    kind: "blocker:raised" | "blocker:updated" | "blocker:resolved",
    e: BlockerEntry,
    severity: "critical" | "low" | "info",
    message: string,
    actor: "agent" | "lead" = "agent",
  ) {
    const details: BlockerEventDetails = {
      number: e.id,
      blocker: e.blocker,
      severity: e.severity,
      resolutionPlan: e.resolutionPlan,
      source: e.source,
    };
    return this.ctx.record(run, kind, details, { severity, message, actor, trackKey: e.trackKey });
  }
}
