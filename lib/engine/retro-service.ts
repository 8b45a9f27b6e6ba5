// Success metrics and the retrospective of a run: computed from its real data, with the lead's entries,
// and exported as the seed's retrospective document (Markdown).
import { listRunEvents } from "../db/events";
import { listRetroEntries, type RetroEntryView, replaceRetroEntries } from "../db/retro";
import type { TypedEvent } from "../domain/event-kinds";
import { databaseOutagesOf, type RetrospectiveOutage } from "../domain/reporting/database-outages";
import {
  computeRunMetrics,
  listMetrics,
  type Metric,
  type RunMetrics,
  toEpochMs,
} from "../domain/reporting/metrics";
import { pauseEndingOf } from "../domain/reporting/pause-ending";
import {
  type RetroSection,
  type RetrospectiveDecision,
  type RetrospectivePause,
  type RetrospectiveTrack,
  renderRetrospectiveMarkdown,
  type TrackTestResult,
} from "../domain/reporting/retrospective";
import type { PausedBy } from "../domain/types";
import { DATABASE_WAIT_REASON, DatabaseOutageDuringLaunch } from "./run/launch-guard";
import { buildMetricsInput } from "./run-evidence";
import {
  activeMsOf,
  type FactsEngine,
  type FactsOptions,
  type FactTrack,
  latestRunningMsOf,
  loadRunFacts,
  type RunFacts,
} from "./run-facts";

export type MetricsView = {
  runId: string;
  runName: string;
  computedAt: string;
  metrics: RunMetrics;
  /** The metrics in display order. */
  list: Metric[];
};

export type RetrospectiveView = {
  run: {
    id: string;
    name: string;
    status: string;
    phase: number;
    startedAt: string;
    endedAt: string | null;
  };
  computedAt: string;
  metrics: RunMetrics;
  metricList: Metric[];
  tracks: RetrospectiveTrack[];
  decisions: RetrospectiveDecision[];
  pauses: RetrospectivePause[];
  /** The database's outages during the run, with the tracks whose start each held back. */
  outages: RetrospectiveOutage[];
  entries: RetroEntryView[];
};

export type RetroEntryInput = { section: RetroSection; text: string };

/**
 * The errors of the events that say a track's start waited for the database (run/launch-guard.ts; runs stored
 * before its wording changed say it the earlier way).
 */
const OUTAGE_HOLDS = new Set([
  DATABASE_WAIT_REASON,
  "waiting for the database: nothing starts while the record cannot be written",
  new DatabaseOutageDuringLaunch().message,
]);

/** How far a "track:paused" event may lie from its paused span's start and still explain it. */
const PAUSE_MATCH_MS = 5_000;

export function createRetroService(engine: FactsEngine, opts: FactsOptions = {}) {
  const load = (runId: string | undefined) => loadRunFacts(engine, runId, opts);

  /** The run's stored outage events, the starts they put off, and the tracks' starts. */
  async function outagesOf(facts: RunFacts): Promise<RetrospectiveOutage[]> {
    const events = await listRunEvents(engine.db, facts.run.id, [
      "db:unavailable",
      "db:restored",
      "engine:error",
    ]);
    const holds = events.flatMap((e) =>
      e.kind === "engine:error" && e.trackKey !== null && OUTAGE_HOLDS.has(e.details.error)
        ? [{ trackKey: e.trackKey, at: e.at }]
        : [],
    );
    const starts = facts.tracks.flatMap((t) =>
      t.spans.filter((s) => s.kind === "running").map((s) => ({ trackKey: t.key, at: s.startedAt })),
    );
    return databaseOutagesOf(
      events.flatMap((e) => (e.kind === "engine:error" ? [] : [e])),
      holds,
      starts,
    );
  }

  async function buildView(facts: RunFacts): Promise<RetrospectiveView> {
    const metrics = computeRunMetrics(buildMetricsInput(facts));
    return {
      run: {
        id: facts.run.id,
        name: facts.run.name,
        status: facts.run.status,
        phase: facts.run.phase,
        startedAt: facts.run.startedAt.toISOString(),
        endedAt: facts.run.endedAt?.toISOString() ?? null,
      },
      computedAt: new Date(facts.nowMs).toISOString(),
      metrics,
      metricList: listMetrics(metrics),
      tracks: facts.tracks.map((t) => retrospectiveTrack(facts, t)),
      decisions: decisionsOf(facts.events),
      pauses: pausesOf(facts),
      outages: await outagesOf(facts),
      entries: await listRetroEntries(engine.db, facts.run.id),
    };
  }

  return {
    /** The seed's success metrics for the run, each against its target and threshold. */
    async metrics(runId?: string): Promise<MetricsView> {
      const facts = await load(runId);
      const metrics = computeRunMetrics(buildMetricsInput(facts));
      return {
        runId: facts.run.id,
        runName: facts.run.name,
        computedAt: new Date(facts.nowMs).toISOString(),
        metrics,
        list: listMetrics(metrics),
      };
    },

    async retrospective(runId?: string): Promise<RetrospectiveView> {
      return buildView(await load(runId));
    },

    /** Replaces the lead's entries; blank ones are dropped. */
    async saveEntries(
      runId: string | undefined,
      entries: readonly RetroEntryInput[],
    ): Promise<RetrospectiveView> {
      const facts = await load(runId);
      const kept = entries
        .map((e) => ({ section: e.section, text: e.text.trim() }))
        .filter((e) => e.text !== "");
      await replaceRetroEntries(engine.db, facts.run.id, kept);
      await engine.events.record(
        "retro:saved",
        { entries: kept.length },
        {
          severity: "info",
          message: `Retrospective of "${facts.run.name}" saved (${kept.length} ${kept.length === 1 ? "entry" : "entries"})`,
          actor: "lead",
          runId: facts.run.id,
          trackKey: null,
        },
      );
      return buildView(facts);
    },

    /** The retrospective document and a file name for the download. */
    async markdown(runId?: string): Promise<{ fileName: string; markdown: string }> {
      const view = await buildView(await load(runId));
      const markdown = renderRetrospectiveMarkdown({
        run: { name: view.run.name, startedAt: view.run.startedAt, endedAt: view.run.endedAt },
        metrics: view.metrics,
        tracks: view.tracks,
        decisions: view.decisions,
        pauses: view.pauses,
        outages: view.outages,
        entries: view.entries,
      });
      return { fileName: retrospectiveFileName(view.run.name, view.run.startedAt), markdown };
    },
  };
}

export type RetroService = ReturnType<typeof createRetroService>;

/** "retrospective-demo-parallel-execution-2025-10-05.md" */
export function retrospectiveFileName(runName: string, startedAt: string): string {
  const slug =
    runName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "run";
  return `retrospective-${slug}-${startedAt.slice(0, 10)}.md`;
}

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;
/** A planned instant; null past the dates JavaScript can hold (a plan stored before durations were bounded). */
const plannedAt = (ms: number) => {
  const at = new Date(ms);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
};

function retrospectiveTrack(f: RunFacts, t: FactTrack): RetrospectiveTrack {
  const planned = f.schedule?.tracks.find((p) => p.key === t.key);
  const runStart = f.run.startedAt.getTime();
  const finished = t.status === "completed" || t.status === "failed" || t.status === "stopped";
  return {
    key: t.key,
    name: t.name,
    plannedStart: planned ? plannedAt(runStart + planned.plannedStartMs) : null,
    plannedEnd: planned ? plannedAt(runStart + planned.plannedEndMs) : null,
    actualStart: iso(t.spans[0]?.startedAt ?? t.startedAt),
    actualEnd: finished ? iso(t.endedAt) : null,
    durationMs: latestRunningMsOf(t, f.endMs),
    // Attempts that ran: one the server recorded no agent for (it died in between) started again under a new number.
    attempts: {
      count: new Set(t.spans.filter((s) => s.kind === "running").map((s) => s.attempt)).size,
      runningMs: activeMsOf(t, f.endMs),
    },
    peakRamBytes: t.peakBytes > 0 ? t.peakBytes : null,
    estimateRamBytes: t.plan?.ramBytes ?? null,
    status: t.status,
    testResult: testResultOf(t),
    usage: t.usage,
  };
}

function testResultOf(t: FactTrack): TrackTestResult {
  switch (t.testStatus) {
    case "passed":
      return "passed";
    case "failed":
      return "failed";
    case "skipped":
      return "no-test";
    default:
      return t.plan?.test ? "not-run" : "no-test";
  }
}

/** The governor's decisions and switches, and the lead's phase decisions, oldest first. */
function decisionsOf(events: RunFacts["events"]): RetrospectiveDecision[] {
  return events.flatMap((e): RetrospectiveDecision[] => {
    switch (e.kind) {
      case "governor:alert":
      case "governor:start":
      case "governor:pause":
      case "governor:resume":
      case "governor:stop-requeue":
      case "governor:swap-model":
        // Rows from before decisions carried their reason fall back to the message.
        return [
          {
            at: e.at,
            action: e.kind.slice("governor:".length),
            trackKey: e.trackKey,
            reason: e.details.reason ?? e.message,
          },
        ];
      case "governor:enabled":
      case "governor:disabled":
        return [
          { at: e.at, action: e.kind.slice("governor:".length), trackKey: e.trackKey, reason: e.message },
        ];
      case "phase:advanced":
        return [
          {
            at: e.at,
            action: e.details.override ? "phase override" : "phase advanced",
            trackKey: null,
            reason: e.message,
          },
        ];
      case "track:paused":
      case "track:resumed":
      case "track:test":
        return [];
      default: {
        const unreachable: never = e;
        return unreachable;
      }
    }
  });
}

/** Paused spans, with the reason from the pause event nearest their start. */
function pausesOf(f: RunFacts): RetrospectivePause[] {
  const pauses: RetrospectivePause[] = [];
  for (const t of f.tracks) {
    for (const span of t.spans) {
      if (span.kind !== "paused") continue;
      const at = span.startedAt.getTime();
      const event = f.events
        .filter((e): e is TypedEvent<"track:paused"> => e.kind === "track:paused" && e.trackKey === t.key)
        .map((e) => ({ e, distance: Math.abs(Date.parse(e.at) - at) }))
        .filter((x) => x.distance <= PAUSE_MATCH_MS)
        .sort((a, b) => a.distance - b.distance)[0]?.e;
      const reason = event ? (event.details.reason ?? event.message) : "—";
      pauses.push({
        trackKey: t.key,
        pausedAt: span.startedAt.toISOString(),
        endedAt: span.endedAt ? span.endedAt.toISOString() : null,
        // (a closed span always has an outcome; "ended" for any that does not)
        ending: span.endedAt ? pauseEndingOf(span.outcome ?? "ended") : null,
        by: pausedByOf(span.pausedBy),
        reason,
      });
    }
  }
  return pauses.sort((a, b) => toEpochMs(a.pausedAt) - toEpochMs(b.pausedAt));
}

/** Who paused, as stored on the span; spans from before the field existed were the lead's. */
function pausedByOf(stored: string | null): PausedBy {
  switch (stored) {
    case "governor":
    case "conflict":
    case "budget":
      return stored;
    default:
      return "lead";
  }
}
