// What agents say: every output line goes to the browsers following the track's log; ::progress and ::status
// lines (and reports through the API or CLI) become the track's progress, status and blockers; ::touch lines
// go to the scope check.

import type { ReportSource } from "../../domain/event-kinds";
import { applyProgressDirective, parseProgressLine } from "../../domain/progress-line";
import type { ProgressReport } from "../../domain/types";
import type { TrackView } from "../../domain/views";
import { logRoom } from "../../realtime/events";
import { type ActiveRun, type AgentSlot, type TrackRuntime, toTrackView } from "../track-runtime";
import type { ConflictSystem } from "./conflicts";
import type { RunContext } from "./context";

/** Blockers kept per track for its card. */
const BLOCKERS_KEPT = 20;

export class ReportSystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly conflicts: ConflictSystem,
  ) {}

  /** One line of an agent's output, as it arrives. */
  onAgentLine(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    line: string,
    stream: "stdout" | "stderr" | "system",
  ): void {
    const { ctx } = this;
    ctx.emitter.emitTo(logRoom(t.plan.key)).emit("log:line", {
      trackKey: t.plan.key,
      agent: slot.name,
      stream,
      line,
      at: new Date(ctx.now()).toISOString(),
    });
    if (stream !== "stdout") return;
    const parsed = parseProgressLine(line);
    if (!parsed) return;
    if (parsed.kind === "touch") {
      const touched = parsed.path;
      ctx.background(
        `scope check of track ${t.plan.key}`,
        ctx.withLock(t, () => this.conflicts.checkScope(run, t, touched)),
      );
      return;
    }
    if (parsed.kind === "invalid") {
      ctx.logger.warn({ track: t.plan.key, line }, `ignored malformed directive: ${parsed.reason}`);
      return;
    }
    const report = applyProgressDirective({ track: t.plan.key, agent: slot.name }, parsed);
    ctx.background(
      `report of track ${t.plan.key}`,
      ctx.withLock(t, () => this.applyReport(run, t, report, "stdout")),
    );
  }

  /** A report through the API or the CLI. */
  async report(key: string, report: ProgressReport, source: ReportSource): Promise<TrackView> {
    const { run, track } = this.ctx.trackOf(key);
    await this.ctx.withLock(track, () => this.applyReport(run, track, { ...report, track: key }, source));
    return toTrackView(run.id, track);
  }

  private async applyReport(run: ActiveRun, t: TrackRuntime, report: ProgressReport, source: ReportSource) {
    const { ctx } = this;
    if (report.progressPercent !== undefined) t.progress = report.progressPercent;
    if (report.status !== undefined) t.reportStatus = report.status;
    if (report.blockers && report.blockers.length > 0) {
      t.blockers = [...t.blockers, ...report.blockers].slice(-BLOCKERS_KEPT);
      for (const b of report.blockers) {
        await ctx.record(
          run,
          "track:blocker",
          { ...b, source },
          {
            severity: b.severity,
            message: `Track ${t.plan.key} blocker (${b.severity}): ${b.blocker}${b.resolutionPlan ? ` — plan: ${b.resolutionPlan}` : ""}`,
            actor: "agent",
            trackKey: t.plan.key,
          },
        );
      }
    }
    await ctx.save(`store a report of ${t.plan.key}`, () =>
      ctx.store.createReport(t.id, source, report, new Date(ctx.now())),
    );
    await ctx.persistTrack(run, t);
    ctx.bus.emit("reportApplied", { runId: run.id, trackKey: t.plan.key, report, source });
  }
}
