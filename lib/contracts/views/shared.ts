// Response schemas used by several views: the domain's small enums and shapes (lib/domain/types.ts,
// planner/planner.ts). Each is tied to its TypeScript type in views.test-d.ts, so the two cannot drift apart.
import { z } from "zod";

export const prioritySchema = z.enum(["critical", "standard", "low"]);

export const agentTierSchema = z.enum(["primary", "sub-agent"]);

export const trackStatusSchema = z.enum([
  "pending",
  "ready",
  "running",
  "paused",
  "completed",
  "failed",
  "stopped",
]);

export const pausedBySchema = z.enum(["lead", "governor", "conflict", "budget"]);

export const severitySchema = z.enum(["critical", "high", "medium", "low", "info"]);

export const reportStatusSchema = z.enum(["on-track", "at-risk", "blocked"]);

/** How memory was measured: proportional set size, resident set size, or both over the processes. */
export const memoryMethodSchema = z.enum(["pss", "rss", "mixed"]);

/**
 * A time as the JSON carries it: an ISO string or epoch milliseconds. A handler may answer a Date (JSON makes it an
 * ISO string), hence the codec: its input is a Date, its output (and JSON Schema) a string.
 */
export const instantSchema = z.union([
  z.string(),
  z.number(),
  z.codec(z.date(), z.string(), { decode: (d) => d.toISOString(), encode: (s) => new Date(s) }),
]);

export const blockerSeveritySchema = z.enum(["critical", "high", "medium", "low"]);

export const zoneSchema = z.enum(["green", "yellow", "orange", "red"]);

export const tierLabelSchema = z.enum(["<16GB", "16GB", "32GB", "64GB+"]);

export const ramTierSchema = z.strictObject({
  label: tierLabelSchema,
  maxConcurrent: z.number(),
  targetUtilization: z.strictObject({
    min: z.number(),
    max: z.number(),
  }),
});

export const tokenUsageSchema = z.strictObject({
  inputTokens: z.number(),
  cachedInputTokens: z.number(),
  cacheWriteTokens: z.number(),
  outputTokens: z.number(),
});

export const durationRangeSchema = z.strictObject({
  minMs: z.number(),
  maxMs: z.number(),
});

export const planIssueSchema = z.strictObject({
  file: z.string(),
  line: z.number(),
  column: z.number(),
  path: z.string(),
  message: z.string(),
  severity: z.enum(["error", "warning"]),
});

export const actorSchema = z.enum(["lead", "agent", "system", "governor"]);

/** An event of the log, as the feed shows it. */
export const ptEventSchema = z.strictObject({
  id: z.number(),
  at: z.string(),
  kind: z.string(),
  severity: severitySchema,
  message: z.string(),
  runId: z.string().nullable(),
  trackKey: z.string().nullable(),
  actor: actorSchema,
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const waitKindSchema = z.enum([
  "memory",
  "slot",
  "dependency",
  "backfill-hold",
  "learning",
  "order",
  "closed",
  "database",
  "too-large",
]);

export const plannedTrackSchema = z.strictObject({
  key: z.string(),
  plannedStartMs: z.number(),
  plannedEndMs: z.number(),
  optimisticEndMs: z.number(),
  pessimisticEndMs: z.number(),
  durationMs: z.number(),
  durationAssumed: z.boolean(),
  critical: z.boolean(),
  concurrentWith: z.array(z.string()),
});

/** The planner's schedule of a plan's tracks. */
export const trackScheduleSchema = z.strictObject({
  tracks: z.array(plannedTrackSchema),
  makespanMs: z.number(),
  optimisticMakespanMs: z.number(),
  pessimisticMakespanMs: z.number(),
  sequentialMs: z.number(),
  timeSavedPercent: z.number(),
  criticalPath: z.array(z.string()),
  criticalPathMs: z.number(),
  peakPlannedBytes: z.number(),
  strategy: z.array(z.string()),
  unschedulable: z.array(
    z.strictObject({
      key: z.string(),
      reason: z.string(),
    }),
  ),
});
