// What the API reads about coordination (issue 13), for the live run or a past one: conflicts, the blockers board,
// handoffs, daily statuses (a day's YAML file), the integration and its report with phase 5's gate results. Changes
// go through the run controller (runs.coordination); these only read.
import { listBlockerEntries } from "../db/blockers";
import { listConflictRecords } from "../db/conflicts";
import { getDailyStatus, listDailyStatusDays } from "../db/daily-statuses";
import type { PrismaClient } from "../db/generated/client";
import { listHandoffs } from "../db/handoffs";
import { latestIntegrationRun } from "../db/integration-runs";
import type { BlockerEntry } from "../domain/coordination/blockers";
import type {
  ConflictRecord,
  DailyStatusDay,
  HandoffView,
  IntegrationView,
} from "../domain/coordination/coordination-views";
import type { DailyStatusDocument } from "../domain/coordination/daily-status";
import { formatDailyStatusYaml } from "../domain/coordination/daily-status-build";
import { renderValidationReport } from "../domain/coordination/integration-report";
import { localDate } from "../domain/coordination/status-cadence";
import { localOffsetMinutes } from "./coordination/daily-status-system";
import { buildStoredTrackStatus } from "./coordination/stored-daily-status";
import { NotFoundError } from "./errors";
import type { PhaseService } from "./phase-service";
import { type FactsEngine, resolveRun } from "./run-facts";

export type CoordinationQueries = {
  conflicts(runId?: string): Promise<ConflictRecord[]>;
  blockers(runId?: string): Promise<BlockerEntry[]>;
  handoffs(runId?: string): Promise<HandoffView[]>;
  statusDays(runId?: string): Promise<DailyStatusDay[]>;
  /** One day's documents as one YAML file; 404 when none were written that day. */
  statusDayYaml(runId: string | undefined, date: string): Promise<{ fileName: string; yaml: string }>;
  /**
   * A track's document of a day: built live for the live run (stored for past days), stored for past runs. A viewer
   * (no run in this process) builds the current run's from the database, as the owner builds it.
   */
  trackStatus(key: string, date: string | undefined, runId?: string): Promise<DailyStatusDocument>;
  /** The latest integration, its report re-rendered with phase 5's gate results as they are now. */
  integration(runId?: string): Promise<IntegrationView | null>;
};

export function createCoordinationQueries(
  engine: FactsEngine & {
    runs: FactsEngine["runs"] & {
      coordination: {
        buildStatus(key: string, date: string): Promise<DailyStatusDocument | null>;
        today(): string;
      };
    };
  },
  phases: Pick<PhaseService, "phases">,
  options: { now?: () => number } = {},
): CoordinationQueries {
  const db: PrismaClient = engine.db;
  const now = options.now ?? Date.now;
  const run = (runId?: string) => resolveRun(engine, runId);
  const isLive = (id: string) => engine.runs.activeRun()?.id === id;

  return {
    conflicts: async (runId) => listConflictRecords(db, (await run(runId)).id),
    blockers: async (runId) => listBlockerEntries(db, (await run(runId)).id),
    handoffs: async (runId) => listHandoffs(db, (await run(runId)).id),
    async statusDays(runId) {
      const r = await run(runId);
      const days = await listDailyStatusDays(
        db,
        r.id,
        r.plan.tracks.map((t) => t.key),
      );
      // The zone the day was cut in (its noon: clear of a DST change at night), for a browser in another zone.
      return days.map((d) => ({
        ...d,
        utcOffsetMinutes: localOffsetMinutes(Date.parse(`${d.date}T12:00:00.000Z`)),
      }));
    },
    async statusDayYaml(runId, date) {
      const r = await run(runId);
      const day = (
        await listDailyStatusDays(
          db,
          r.id,
          r.plan.tracks.map((t) => t.key),
        )
      ).find((d) => d.date === date);
      if (!day) throw new NotFoundError(`no daily status was written on ${date} in run "${r.name}"`);
      return {
        fileName: `paratrack-status-${date}.yaml`,
        yaml: formatDailyStatusYaml(day.documents.map((d) => d.document)),
      };
    },
    async trackStatus(key, date, runId) {
      const r = await run(runId);
      if (!r.plan.tracks.some((t) => t.key === key))
        throw new NotFoundError(`no track "${key}" in run "${r.name}"`);
      // The server's current run: while it runs, today's document as it would be written now; once it has ended,
      // its last day's (the day it ended: a run stopped last week is not dated today). A viewer runs nothing: the run
      // asked for without an id (the newest) is the owner's current run, and its documents are built from the rows.
      const live = isLive(r.id);
      const current =
        live || (engine.runs.activeRun() === null && (runId === undefined || runId === "current"));
      const running = current && r.status === "running";
      const today = engine.runs.coordination.today();
      const endDay =
        r.endedAt === null ? today : localDate(r.endedAt.getTime(), localOffsetMinutes(r.endedAt.getTime()));
      const day = date ?? (current ? (running ? today : endDay) : null);
      if (day === null) {
        const latest = (await listDailyStatusDays(db, r.id, [key])).find((d) =>
          d.documents.some((doc) => doc.trackKey === key),
        );
        const doc = latest?.documents.find((d) => d.trackKey === key);
        if (!doc) throw new NotFoundError(`no daily status of track ${key} was written in run "${r.name}"`);
        return doc.document;
      }
      const stored = await getDailyStatus(db, r.id, key, day);
      // Built when not written yet (an ended run's last day is written once its quality gates are done, and not
      // at all when the server ended it at shutdown), and today's while it runs; else what was written.
      if (current && (!stored || (running && day >= today))) {
        // An ended run the server took over after a restart may have no live coordination to build from.
        const built = live
          ? await engine.runs.coordination.buildStatus(key, day).catch((error: unknown) => {
              if (running || !(error instanceof NotFoundError)) throw error;
              return null;
            })
          : await buildStoredTrackStatus(db, r, key, day, now());
        if (built) return built;
      }
      if (!stored) throw new NotFoundError(`no daily status of track ${key} on ${day} in run "${r.name}"`);
      return stored.document;
    },
    async integration(runId) {
      const r = await run(runId);
      const latest = await latestIntegrationRun(db, r.id);
      if (!latest?.result) return latest;
      const view = await phases.phases(r.id).catch(() => null);
      const gates = view?.phases.find((p) => p.number === 5)?.items ?? [];
      const conflicts = await listConflictRecords(db, r.id);
      return {
        ...latest,
        report: renderValidationReport({
          planName: r.plan.name,
          at: latest.endedAt ?? latest.startedAt,
          order: latest.order,
          result: latest.result,
          conflicts: conflicts.map((c) => ({
            key: c.key ?? `#${c.id}`,
            kind: c.kind,
            severity: c.severity,
            state: c.state,
            files: c.files,
          })),
          gates: gates.map((g) => ({ label: g.label, status: g.status, evidence: g.evidence })),
        }),
      };
    },
  };
}
