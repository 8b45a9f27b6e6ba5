// TrackView from stored rows, for runs that are not running in this process (past runs, after a restart).
import type { Plan } from "../domain/types";
import type { TrackView } from "../domain/views";
import type { Track as TrackRow } from "./generated/client";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function trackViewFromRow(row: TrackRow, plan: Plan): TrackView {
  const tp = plan.tracks.find((t) => t.key === row.key);
  return {
    runId: row.runId,
    key: row.key,
    name: row.name,
    position: row.position,
    priority: tp?.priority ?? "standard",
    tier: tp?.tier ?? "primary",
    status: row.status as TrackView["status"],
    pausedBy: row.pausedBy as TrackView["pausedBy"],
    pauseReason: row.pauseReason,
    progress: row.progress,
    reportStatus: row.reportStatus as TrackView["reportStatus"],
    model: tp?.model ?? { local: null, cloud: null },
    modelInForce: row.modelInForce,
    estimateBytes: tp?.ramBytes ?? null,
    duration: tp?.duration ?? null,
    dependsOn: tp?.dependsOn ?? [],
    scope: tp?.scope ?? [],
    attempts: row.attempts,
    startedAt: iso(row.startedAt),
    endedAt: iso(row.endedAt),
    currentBytes: row.status === "running" || row.status === "paused" ? row.currentBytes : 0,
    peakBytes: row.peakBytes,
    memoryMethod: row.memoryMethod as TrackView["memoryMethod"],
    exitSummary: row.exitSummary,
    testStatus: row.testStatus as TrackView["testStatus"],
    waitReason: null,
    blockers: [],
  };
}
