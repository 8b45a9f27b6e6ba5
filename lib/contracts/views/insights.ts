// Response schemas of what a run shows beyond its tracks: Gantt (lib/domain/reporting/gantt.ts), phases and gates
// (lib/engine/phase-service.ts), metrics and the retrospective (lib/engine/retro-service.ts).
import { z } from "zod";
import { runViewSchema, trackMemoryPointSchema } from "./runs";
import {
  instantSchema,
  pausedBySchema,
  tokenUsageSchema,
  trackScheduleSchema,
  trackStatusSchema,
} from "./shared";
import { trackViewSchema } from "./tracks";

export const storedScheduleSchema = trackScheduleSchema.extend({ capacityBytes: z.number() });

export const actualSpanSchema = z.strictObject({
  trackKey: z.string(),
  attempt: z.number(),
  kind: z.enum(["running", "paused"]),
  pausedBy: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  outcome: z.string().nullable(),
});

export const phaseMarkerSchema = z.strictObject({
  at: z.string(),
  from: z.number().nullable(),
  to: z.number(),
  label: z.string(),
});

/** GET /api/runs/{id}/gantt: plan versus actual. */
export const ganttViewSchema = z.strictObject({
  run: runViewSchema,
  schedule: storedScheduleSchema.nullable(),
  tracks: z.array(trackViewSchema),
  spans: z.array(actualSpanSchema),
  memory: z.array(trackMemoryPointSchema),
  capacityBytes: z.number().nullable(),
  now: z.string(),
  phaseMarkers: z.array(phaseMarkerSchema),
});

export const phaseNumberSchema = z.literal([1, 2, 3, 4, 5]);

export const gateCadenceSchema = z.enum(["once", "every-24h", "per-track"]);

export const phaseStateSchema = z.enum(["passed", "overridden", "current", "upcoming"]);

export const gateItemKeySchema = z.enum([
  "tracks-identified",
  "resource-plan-validated",
  "coordination-protocol-documented",
  "risk-mitigation-defined",
  "agents-activated",
  "resource-usage-within-limits",
  "monitoring-active",
  "no-scope-conflicts",
  "tracks-on-schedule",
  "resource-usage-stable",
  "no-critical-blockers",
  "quality-gates-passing",
  "track-deliverables-complete",
  "track-quality-gates-passed",
  "handoff-documentation-ready",
  "resources-released",
  "tracks-integrated",
  "integration-tests-passing",
  "final-quality-review-complete",
  "success-metrics-achieved",
]);

export const gateModeSchema = z.enum(["auto", "manual"]);

export const gateItemStatusSchema = z.enum(["pending", "manual", "pass", "fail"]);

export const manualTickSchema = z.strictObject({
  by: z.string(),
  note: z.string().nullable().optional(),
  at: z.string(),
});

export const gateItemViewSchema = z.strictObject({
  key: gateItemKeySchema,
  label: z.string(),
  mode: gateModeSchema,
  status: gateItemStatusSchema,
  evidence: z.string(),
  tick: manualTickSchema.nullable(),
  trackKey: z.string().optional(),
  tickable: z.boolean(),
});

export const phaseGateViewSchema = z.strictObject({
  number: phaseNumberSchema,
  title: z.string(),
  timing: z.string(),
  objective: z.string(),
  cadence: gateCadenceSchema,
  outputs: z.array(z.string()).readonly(),
  state: phaseStateSchema,
  items: z.array(gateItemViewSchema),
  trackItems: z.array(gateItemViewSchema).nullable(),
  passes: z.boolean(),
  closedAt: z.string().nullable(),
  overrideReason: z.string().nullable(),
  evaluatedAt: z.string(),
});

/** GET /api/runs/{id}/phases: the five phases and their gate checklists. */
export const phasesViewSchema = z.strictObject({
  runId: z.string(),
  runName: z.string(),
  runStatus: z.string(),
  currentPhase: phaseNumberSchema,
  complete: z.boolean(),
  phases: z.array(phaseGateViewSchema),
});

export const advanceResultSchema = z.strictObject({
  from: phaseNumberSchema,
  to: phaseNumberSchema.nullable(),
  overridden: z.boolean(),
  reason: z.string().nullable(),
  view: phasesViewSchema,
});

export const metricKeySchema = z.enum([
  "timeSaved",
  "averageRam",
  "peakRam",
  "qualityPassRate",
  "criticalConflicts",
]);

export const metricStatusSchema = z.enum(["fail", "met", "warn", "no-data"]);

export const metricSchema = z.strictObject({
  key: metricKeySchema,
  label: z.string(),
  value: z.number().nullable(),
  unit: z.enum(["%", "count"]),
  target: z.string(),
  threshold: z.string(),
  status: metricStatusSchema,
  note: z.string(),
});

export const runMetricsSchema = z.strictObject({
  makespanMs: z.number(),
  sequentialMs: z.number(),
  timeSaved: metricSchema,
  averageRam: metricSchema,
  peakRam: metricSchema,
  qualityPassRate: metricSchema,
  criticalConflicts: metricSchema,
});

/** GET /api/runs/{id}/metrics: the seed's success metrics. */
export const metricsViewSchema = z.strictObject({
  runId: z.string(),
  runName: z.string(),
  computedAt: z.string(),
  metrics: runMetricsSchema,
  list: z.array(metricSchema),
});

export const trackTestResultSchema = z.enum(["failed", "passed", "not-run", "no-test"]);

export const spendSchema = z.strictObject({
  usd: z.number(),
  unknownParts: z.number(),
});

export const usageTotalsSchema = z.strictObject({
  tokens: tokenUsageSchema.nullable(),
  spend: spendSchema.nullable(),
});

export const retrospectiveTrackSchema = z.strictObject({
  key: z.string(),
  name: z.string().nullable().optional(),
  plannedStart: instantSchema.nullable(),
  plannedEnd: instantSchema.nullable(),
  actualStart: instantSchema.nullable(),
  actualEnd: instantSchema.nullable(),
  durationMs: z.number().nullable(),
  attempts: z.strictObject({ count: z.number().int().nonnegative(), runningMs: z.number() }).optional(),
  peakRamBytes: z.number().nullable(),
  estimateRamBytes: z.number().nullable(),
  status: trackStatusSchema,
  testResult: trackTestResultSchema,
  usage: usageTotalsSchema.optional(),
});

export const retrospectiveDecisionSchema = z.strictObject({
  at: instantSchema,
  action: z.string(),
  trackKey: z.string().nullable(),
  reason: z.string(),
});

export const retrospectivePauseSchema = z.strictObject({
  trackKey: z.string(),
  pausedAt: instantSchema,
  endedAt: instantSchema.nullable(),
  ending: z.enum(["resumed", "stopped", "requeued", "restarted", "interrupted", "ended"]).nullable(),
  by: pausedBySchema,
  reason: z.string(),
});

export const retrospectiveOutageSchema = z.strictObject({
  from: instantSchema,
  to: instantSchema.nullable(),
  downMs: z.number().nullable(),
  error: z.string().nullable(),
  written: z.number().nullable(),
  dropped: z.number(),
  failed: z.number(),
  /** Tracks whose start waited for the database; waitedMs null: it never started afterwards. */
  heldBack: z.array(z.strictObject({ trackKey: z.string(), waitedMs: z.number().nullable() })),
});

export const retroEntryViewSchema = z.strictObject({
  section: z.enum(["worked-well", "improvements", "lessons"]),
  text: z.string(),
  updatedAt: z.string(),
});

/** GET /api/runs/{id}/retrospective. */
export const retrospectiveViewSchema = z.strictObject({
  run: z.strictObject({
    id: z.string(),
    name: z.string(),
    status: z.string(),
    phase: z.number(),
    startedAt: z.string(),
    endedAt: z.string().nullable(),
  }),
  computedAt: z.string(),
  metrics: runMetricsSchema,
  metricList: z.array(metricSchema),
  tracks: z.array(retrospectiveTrackSchema),
  decisions: z.array(retrospectiveDecisionSchema),
  pauses: z.array(retrospectivePauseSchema),
  outages: z.array(retrospectiveOutageSchema),
  entries: z.array(retroEntryViewSchema),
});
