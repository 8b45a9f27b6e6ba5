// What agents say: every output line goes to the browsers following the track's log (at a bounded rate:
// live-log.ts); the agent's adapter reads it (agent-output.ts: usage, activity, attention); its ::progress and
// ::status directives (and reports through the API or CLI) become the track's progress, status and blockers;
// ::touch lines go to the scope check. Reports read from an agent's log are keyed by the line, so a line read
// again after a restart counts once.

import type { ReportOrigin } from "../../db/reports";
import { applyProgressDirective } from "../../domain/agents/progress-line";
import type { Reporter, ReportSource } from "../../domain/event-kinds";
import { observeProgress } from "../../domain/governor/progress-pace";
import { reportClosedReason } from "../../domain/phases/report-rules";
import type { ProgressReport } from "../../domain/types";
import type { TrackView } from "../../domain/views";
import { logRoom } from "../../realtime/events";
import { ConflictError } from "../errors";
import { type ActiveRun, type AgentSlot, type TrackRuntime, toTrackView } from "../track-runtime";
import type { AgentOutputSystem, ReportDirective } from "./agent-output";
import type { ConflictSystem } from "./conflicts";
import type { RunContext } from "./context";
import { LiveLogLimiter } from "./live-log";
import { runningMsOf } from "./running-clock";

/** Blockers kept per track for its card. */
const BLOCKERS_KEPT = 20;

/** A report read from an agent's log; `readAt` (epoch ms) times its progress, before the database write. */
/** readAt: when the line was written (the shim's time; not later than its reading). */
type QueuedReport = { report: ProgressReport; origin: ReportOrigin | null; readAt: number };

export class ReportSystem {
  /** Reports read from agents' logs, waiting for the end of this turn of the event loop, by track id. */
  private readonly queued = new Map<string, QueuedReport[]>();
  /** What the track pages following a log get: every line up to a rate, then a count (live-log.ts). */
  private readonly liveLog: LiveLogLimiter;

  constructor(
    private readonly ctx: RunContext,
    private readonly conflicts: ConflictSystem,
    private readonly output: AgentOutputSystem,
  ) {
    this.liveLog = new LiveLogLimiter(
      (line) => ctx.emitter.emitTo(logRoom(line.trackKey)).emit("log:line", line),
      () => ctx.now(),
    );
  }

  /** One line of an agent's output, as it arrives. */
  onAgentLine(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    line: string,
    stream: "stdout" | "stderr" | "system",
    /** The agent log line it came from, so a line read twice (after a restart) counts once. */
    origin: ReportOrigin | null = null,
    /** When the line was written (the shim's time, epoch ms); null: now. Never later than now. */
    writtenAt: number | null = null,
  ): void {
    const { ctx } = this;
    const at = Math.min(writtenAt ?? ctx.now(), ctx.now());
    this.liveLog.offer({
      trackKey: t.plan.key,
      agent: slot.name,
      stream,
      line,
      at: new Date(at).toISOString(),
    });
    for (const directive of this.output.onLine(run, t, slot, line, stream))
      this.applyDirective(run, t, slot, directive, origin, at);
  }

  /** The agent exited: its final usage is stored and what its adapter could not read is reported. */
  onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot): Promise<void> {
    return this.output.onAgentExit(run, t, slot);
  }

  private applyDirective(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    directive: ReportDirective,
    origin: ReportOrigin | null,
    at: number,
  ): void {
    const { ctx } = this;
    if (directive.kind === "touch") {
      const touched = directive.path;
      ctx.background(
        `scope check of track ${t.plan.key}`,
        ctx.withLock(t, () => this.conflicts.checkScope(run, t, touched)),
      );
      return;
    }
    const report = applyProgressDirective({ track: t.plan.key, agent: slot.name }, directive);
    this.enqueue(run, t, report, origin, at);
  }

  /**
   * Lines come in bursts (an agent may write thousands a second): the reports of one turn of the event loop are
   * stored together, in order, and the track is stored and pushed once for them.
   */
  private enqueue(
    run: ActiveRun,
    t: TrackRuntime,
    report: ProgressReport,
    origin: ReportOrigin | null,
    writtenAt: number,
  ) {
    const item = { report, origin, readAt: writtenAt };
    const queued = this.queued.get(t.id);
    if (queued) {
      queued.push(item);
      return;
    }
    this.queued.set(t.id, [item]);
    setImmediate(() => {
      const items = this.queued.get(t.id) ?? [];
      this.queued.delete(t.id);
      this.ctx.background(
        `reports of track ${t.plan.key}`,
        this.ctx.withLock(t, () => this.applyReports(run, t, items)),
        run,
        t.plan.key,
      );
    });
  }

  private async applyReports(run: ActiveRun, t: TrackRuntime, queued: QueuedReport[]) {
    const { ctx } = this;
    // A report repeating the one before it says nothing new: an agent printing "::progress 50" in a loop would
    // otherwise store a row per line (hundreds of thousands a minute) and grow the database without bound.
    const items = queued.filter(
      (item, i) => i === 0 || JSON.stringify(item.report) !== JSON.stringify(queued[i - 1]!.report),
    );
    let fresh: boolean[] = items.map(() => false);
    const outcome = await ctx.save(`store ${items.length} report(s) of ${t.plan.key}`, async () => {
      fresh = await ctx.store.createReports(
        t.id,
        "stdout",
        items.map((item) => ({ ...item, at: new Date(item.readAt) })),
      );
    });
    // Waiting for the database (an outage): the run goes on in memory, so the reports count now. Which lines it has
    // stored already cannot be asked; a line is read twice only by the next server, after a restart, and that one
    // asks the database again.
    if (outcome === "queued") fresh = items.map(() => true);
    let changed = false;
    for (const [i, item] of items.entries()) {
      if (!fresh[i]) continue;
      changed = true;
      await this.applyToTrack(run, t, item.report, "stdout", "agent", item.readAt);
    }
    if (changed) await ctx.persistTrack(run, t);
  }

  /** A report through the API or the CLI. */
  async report(
    key: string,
    report: ProgressReport,
    source: ReportSource,
    reporter: Reporter,
  ): Promise<TrackView> {
    const { run, track } = this.ctx.trackOf(key);
    // Issue 15: a finished track's reports are closed; a late report would rewrite what the run concluded.
    const closed = reportClosedReason(track);
    if (closed) throw new ConflictError(closed);
    await this.ctx.withLock(track, () =>
      this.applyReport(run, track, { ...report, track: key }, source, reporter),
    );
    return toTrackView(run.id, track);
  }

  private async applyReport(
    run: ActiveRun,
    t: TrackRuntime,
    report: ProgressReport,
    source: ReportSource,
    reporter: Reporter,
  ) {
    const { ctx } = this;
    // Stored first: a line already stored (read again after a restart) changes nothing and raises no event.
    let fresh = true;
    const at = new Date(ctx.now()); // now, not when a write that waited for the database is made
    await ctx.save(`store a report of ${t.plan.key}`, async () => {
      fresh = await ctx.store.createReport(t.id, source, report, null, at);
    });
    if (!fresh) return;
    await this.applyToTrack(run, t, report, source, reporter);
    await ctx.persistTrack(run, t);
  }

  /**
   * A stored report's effect on the track: progress (timed at `readAt`, when it was read, else now; the pace only
   * when its agent says it), status, blockers (on the card; the blockers board makes their events).
   */
  private async applyToTrack(
    run: ActiveRun,
    t: TrackRuntime,
    report: ProgressReport,
    source: ReportSource,
    reporter: Reporter,
    readAt?: number,
  ) {
    const { ctx } = this;
    if (report.progressPercent !== undefined) {
      t.progress = report.progressPercent;
      // The lead's figure is an opinion on the track, not the attempt's pace: it would move its projected end.
      if (reporter === "agent" && (t.status === "running" || t.status === "paused"))
        t.progressCurve = observeProgress(
          t.progressCurve,
          runningMsOf(t.clock, Math.min(readAt ?? ctx.now(), ctx.now())),
          report.progressPercent,
        );
    }
    if (report.status !== undefined) t.reportStatus = report.status;
    // Each blocker is an event once, when the blockers board raises it (blocker-board.ts): a report repeating the
    // track's list, or an agent printing a new blocker per line, is not an event per mention.
    if (report.blockers && report.blockers.length > 0)
      t.blockers = [...t.blockers, ...report.blockers].slice(-BLOCKERS_KEPT);
    ctx.bus.emit("reportApplied", { runId: run.id, trackKey: t.plan.key, report, source });
  }
}
