// Read side of the Gantt and the what-if panel: one run's plan, spans, tracks and memory in one answer.
import { listRunEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { getRun, toRunView } from "../db/runs";
import { listTrackMemory } from "../db/track-samples";
import type { TypedEvent } from "../domain/event-kinds";
import { getPhase, isPhaseNumber } from "../domain/phases/phases";
import type { GanttView, PhaseMarker } from "../domain/reporting/gantt";
import { downsampleMemory } from "../domain/reporting/gantt-ram";
import type { Engine } from "./engine";

/** The band under the chart needs no more points than a wide screen has pixels. */
export const GANTT_MEMORY_POINTS = 600;
/** Enough rows for a multi-day run once retention has folded old samples into minutes. */
const MEMORY_ROWS_LIMIT = 100_000;

export type GanttQuery = ReturnType<typeof createGanttQuery>;

export function createGanttQuery(
  engine: { db: PrismaClient; queries: Pick<Engine["queries"], "resolveRunId" | "trackViews" | "spans"> },
  now: () => number = Date.now,
) {
  const { db, queries } = engine;

  return {
    /** The run's Gantt (undefined = the live run, else the newest); null when there is no such run. */
    async gantt(runId?: string): Promise<GanttView | null> {
      const id = await queries.resolveRunId(runId);
      if (!id) return null;
      const run = await getRun(db, id);
      if (!run) return null;
      const { schedule } = run;
      const [tracks, spans, memory, phaseEvents] = await Promise.all([
        queries.trackViews(id),
        queries.spans(id),
        listTrackMemory(db, id, run.startedAt, MEMORY_ROWS_LIMIT),
        listRunEvents(db, id, ["phase:advanced"]),
      ]);
      return {
        run: toRunView(run),
        schedule,
        tracks,
        spans,
        memory: downsampleMemory(memory, GANTT_MEMORY_POINTS),
        capacityBytes: schedule?.capacityBytes ?? run.budgetBytes ?? null,
        now: new Date(now()).toISOString(),
        phaseMarkers: phaseEvents.flatMap(toPhaseMarker),
      };
    },

    /** The YAML a run was started from (undefined = the live run, else the newest); null when there is none. */
    async planSource(runId?: string): Promise<{ runId: string; name: string; source: string } | null> {
      const id = await queries.resolveRunId(runId);
      const run = id ? await getRun(db, id) : null;
      return run ? { runId: run.id, name: run.name, source: run.planSource } : null;
    },
  };
}

/** Closing phase 5 moves to no phase: no marker. A row naming no real phase is left out rather than trusted. */
function toPhaseMarker(event: TypedEvent<"phase:advanced">): PhaseMarker[] {
  const { from, to } = event.details;
  if (!isPhaseNumber(to)) return [];
  return [
    {
      at: event.at,
      from: isPhaseNumber(from) ? from : null,
      to,
      label: `Phase ${to}: ${getPhase(to).title}`,
    },
  ];
}
