// Daily status in the seed's exact YAML fields, per track and day: the agent's reports of the day merged with what
// Paratrack measured (commits and files changed, RAM peak, model in force, running time, tests). Written for every
// started track at the plan's `status.at` each day, on demand, and for the run's last day when it ends; read back
// by day. A status the agent does not give is Paratrack's reading (schedule-standing.ts). Commits and files are the
// track's own, as its card counts them: not what it took from another track's branch (own-changes.ts). A viewer builds
// the same document from the stored rows (stored-daily-status.ts) through composeTrackStatus.
import type { DailyTrackFacts } from "../../db/daily-facts";
import { openBlockerReports } from "../../domain/coordination/blockers";
import type { DailyStatusView, StatusTrigger } from "../../domain/coordination/coordination-views";
import type { DailyStatusDocument } from "../../domain/coordination/daily-status";
import { buildDailyStatus, type StatusTelemetry } from "../../domain/coordination/daily-status-build";
import { dayWindow, dueStatusDate, localDate } from "../../domain/coordination/status-cadence";
import { derivedReportStatus, scheduleStanding } from "../../domain/phases/schedule-standing";
import { DEFAULT_STATUS_AT } from "../../domain/plan/plan-defaults";
import type { BlockerReport } from "../../domain/types";
import { listCommitsSince } from "../../git/changes";
import type { GitRunner } from "../../git/git-runner";
import type { RunContext } from "../run/context";
import { runningMsOf } from "../run/running-clock";
import type { ActiveRun, TrackRuntime } from "../track-runtime";
import type { CoordinationRun } from "./coordination-state";
import { ownFiles, takenPart } from "./own-changes";

/** Minutes east of UTC of the server's zone at `ms` (the lead's "18:00" is local time). */
export function localOffsetMinutes(ms: number): number {
  return -new Date(ms).getTimezoneOffset();
}

const WHY: Record<StatusTrigger, (run: ActiveRun) => string> = {
  cadence: (run) => `daily at ${run.plan.status?.at ?? DEFAULT_STATUS_AT}`,
  demand: () => "on demand",
  "run-end": () => "the run ended: its last day",
};

export class DailyStatusSystem {
  /** The last day the cadence wrote, per run (read from the database once). */
  private lastWritten = new Map<string, string | null>();

  constructor(
    private readonly ctx: RunContext,
    private readonly git: GitRunner,
  ) {}

  /** The server's local day now. */
  today(): string {
    const now = this.ctx.now();
    return localDate(now, localOffsetMinutes(now));
  }

  /** Writes today's documents when the plan's time of day has passed and they are not written yet. */
  async tickCadence(run: ActiveRun, coordination: CoordinationRun): Promise<void> {
    const now = this.ctx.now();
    if (!this.lastWritten.has(run.id))
      this.lastWritten.set(run.id, await this.ctx.store.latestDailyStatusDate(run.id));
    const due = dueStatusDate(
      now,
      run.plan.status?.at ?? DEFAULT_STATUS_AT,
      this.lastWritten.get(run.id) ?? null,
      localOffsetMinutes(now),
      run.startedAt,
    );
    if (due === null) return;
    this.lastWritten.set(run.id, due);
    await this.generate(run, coordination, due, "cadence");
  }

  /** Builds and stores the day's documents of every track that has started; records one event. */
  async generate(
    run: ActiveRun,
    coordination: CoordinationRun,
    date: string,
    trigger: StatusTrigger,
  ): Promise<DailyStatusView[]> {
    const { ctx } = this;
    const window = dayWindow(date, localOffsetMinutes(Date.parse(`${date}T12:00:00Z`)));
    const tracks = [...run.tracks.values()]
      .sort((a, b) => a.position - b.position)
      .filter((t) => t.startedAt !== null && t.startedAt < window.to);
    const generatedAt = new Date(ctx.now()).toISOString();
    const views: DailyStatusView[] = [];
    for (const t of tracks) {
      views.push({
        runId: run.id,
        trackKey: t.plan.key,
        date,
        trigger,
        generatedAt,
        document: await this.build(run, coordination, t, date),
      });
    }
    await ctx.save(`store the daily status of ${date}`, () => ctx.store.saveDailyStatuses(run.id, views));
    await ctx.record(
      run,
      "status:generated",
      { date, tracks: views.map((v) => v.trackKey), trigger },
      {
        severity: "info",
        message: `Daily status of ${date} written for ${views.length} track(s) (${WHY[trigger](run)})`,
        actor: trigger === "demand" ? "lead" : "system",
      },
    );
    return views;
  }

  /** One track's document for a day, from its reports and telemetry (nothing stored). */
  async build(
    run: ActiveRun,
    coordination: CoordinationRun,
    t: TrackRuntime,
    date: string,
  ): Promise<DailyStatusDocument> {
    const { ctx } = this;
    const now = ctx.now();
    const window = statusDayWindow(date);
    const facts = await ctx.store.dailyTrackFacts(run.id, t.plan.key, {
      from: new Date(window.from),
      to: new Date(window.to),
      now: new Date(now),
    });
    const git = coordination.tracks.get(t.plan.key);
    let commits: StatusTelemetry["commits"] = null;
    let files: StatusTelemetry["files"] = null;
    if (git) {
      // Its own work, as its card counts it: not the commits and files it took from another track's branch (a rebase
      // onto it, a merge of it), as the latest poll found them.
      const taken = takenPart(git);
      const list = await listCommitsSince(
        this.git,
        git.path,
        git.baseCommit,
        new Date(window.from).toISOString(),
      )
        .then((all) => all.filter((c) => Date.parse(c.at) < window.to && !taken.commits.has(c.commit)))
        .catch(() => null);
      commits = list ? { count: list.length, subjects: list.map((c) => c.subject) } : null;
      const own = git.changes ? ownFiles(git.changes, taken) : null;
      files = own ? { changed: own.files.length, added: own.added, removed: own.removed } : null;
    }
    const openBlockers = openBlockerReports(coordination.board, t.plan.key);
    return composeTrackStatus({ date, now, track: t, facts, commits, files, openBlockers });
  }
}

/** The epoch-ms bounds of a local day (the server's zone on that day). */
export function statusDayWindow(date: string): { from: number; to: number } {
  return dayWindow(date, localOffsetMinutes(Date.parse(`${date}T12:00:00Z`)));
}

/** What one track's document of a day is made of, read live (the owner) or from the rows (a viewer). */
export type TrackStatusInput = {
  date: string;
  now: number;
  /** The track as the engine holds it, or as rebuilt from its rows (stored-run.ts). */
  track: TrackRuntime;
  facts: DailyTrackFacts;
  commits: StatusTelemetry["commits"];
  files: StatusTelemetry["files"];
  openBlockers: BlockerReport[];
};

/** The track's document: its day's reports merged with Paratrack's telemetry and its open blockers. */
export function composeTrackStatus(input: TrackStatusInput): DailyStatusDocument {
  const { date, now, track: t, facts, commits, files, openBlockers } = input;
  const isToday = date === localDate(now, localOffsetMinutes(now));
  const telemetry: StatusTelemetry = {
    agent: t.plan.agents.map((a) => a.name).join(", ") || null,
    model: t.modelInForce,
    ramPeakBytes: facts.peakBytes ?? (isToday && t.peakBytes > 0 ? t.peakBytes : null),
    runningMs: facts.runningMs,
    commits,
    files,
    tests:
      t.plan.test && (t.testStatus === "passed" || t.testStatus === "failed")
        ? { command: t.plan.test, passed: t.testStatus === "passed", summary: null }
        : null,
    progressPercent: t.progress,
    status: derivedReportStatus(
      scheduleStanding({
        key: t.plan.key,
        status: t.status,
        elapsedMs: t.attempts > 0 ? runningMsOf(t.clock, now) : 0,
        planned: t.plan.duration,
        // 0 % is where every attempt starts: only progress made counts as reported.
        progressPercent: t.progress > 0 ? t.progress : null,
      }),
      openBlockers,
    ),
  };
  return buildDailyStatus({
    date,
    track: t.plan.key,
    reports: facts.reports,
    ...(isToday ? { blockers: openBlockers } : {}),
    telemetry,
  });
}
