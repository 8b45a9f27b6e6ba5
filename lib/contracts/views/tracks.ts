// Response schemas of tracks (lib/domain/views.ts TrackView, TrackDetailView, LogLine and their parts). Strict:
// a field the server adds or renames without its schema fails tsc (views.test-d.ts) and the response tests.
import { z } from "zod";
import { ATTEMPT_ENDINGS } from "../../domain/reporting/attempt-ending";
import {
  agentTierSchema,
  blockerSeveritySchema,
  durationRangeSchema,
  memoryMethodSchema,
  pausedBySchema,
  prioritySchema,
  ptEventSchema,
  reportStatusSchema,
  tokenUsageSchema,
  trackStatusSchema,
  waitKindSchema,
} from "./shared";

export const usageViewSchema = z.strictObject({
  tokens: tokenUsageSchema.nullable(),
  costUsd: z.number().nullable(),
  unknownCostParts: z.number(),
  maxCostUsd: z.number().nullable(),
  budgetLevel: z.enum(["ok", "alert", "exceeded"]),
});

export const attentionViewSchema = z.strictObject({
  reason: z.enum(["permission-prompt", "permission-denied", "question", "idle"]),
  message: z.string(),
  since: z.string(),
  agent: z.string(),
  sticky: z.boolean(),
});

export const modelMemoryViewSchema = z.strictObject({
  ramBytes: z.number(),
  models: z.array(z.strictObject({ model: z.string(), shareBytes: z.number(), sharedWith: z.number() })),
});

export const trackChangeTotalsSchema = z.strictObject({
  files: z.number(),
  added: z.number(),
  removed: z.number(),
  commits: z.number(),
  paths: z.array(
    z.strictObject({
      path: z.string(),
      added: z.number().nullable(),
      removed: z.number().nullable(),
      committed: z.boolean(),
    }),
  ),
  at: z.string(),
});

/** A track's worktree (lib/domain/coordination/coordination-views.ts TrackGitView). */
export const trackGitViewSchema = z.strictObject({
  worktree: z.string(),
  branch: z.string(),
  baseCommit: z.string(),
  changes: trackChangeTotalsSchema.nullable(),
  problem: z.string().nullable(),
});

/** One track as the dashboard's cards show it. */
/** A track's Slurm job (executor: slurm). */
export const slurmJobViewSchema = z.strictObject({
  jobId: z.string(),
  state: z.string(),
  nodes: z.string().nullable(),
  memBytes: z.number().nullable(),
});

export const trackViewSchema = z.strictObject({
  runId: z.string(),
  key: z.string(),
  name: z.string(),
  position: z.number(),
  priority: prioritySchema,
  tier: agentTierSchema,
  status: trackStatusSchema,
  pausedBy: pausedBySchema.nullable(),
  pauseReason: z.string().nullable(),
  progress: z.number(),
  progressAtAttemptStart: z.number().nullable(),
  reportStatus: reportStatusSchema.nullable(),
  model: z.strictObject({ local: z.string().nullable(), cloud: z.string().nullable() }),
  modelInForce: z.string().nullable(),
  estimateBytes: z.number().nullable(),
  duration: durationRangeSchema.nullable(),
  dependsOn: z.array(z.string()),
  scope: z.array(z.string()),
  attempts: z.number(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  currentBytes: z.number(),
  peakBytes: z.number(),
  memoryMethod: memoryMethodSchema.nullable(),
  exitSummary: z.string().nullable(),
  testStatus: z.enum(["passed", "failed", "running", "skipped", "cancelled"]).nullable(),
  waitReason: z.string().nullable(),
  waitKind: waitKindSchema.nullable(),
  blockers: z.array(z.strictObject({ blocker: z.string(), severity: z.string() })),
  activity: z.string().nullable(),
  usage: usageViewSchema,
  attention: attentionViewSchema.nullable(),
  modelMemory: modelMemoryViewSchema.nullable(),
  budgetHold: z.string().nullable(),
  git: trackGitViewSchema.nullable().optional(),
  slurm: slurmJobViewSchema.nullable().optional(),
});

export const processViewSchema = z.strictObject({
  pid: z.number(),
  ppid: z.number(),
  command: z.string(),
  state: z.string(),
  memoryBytes: z.number(),
});

export const agentViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  attempt: z.number(),
  command: z.string(),
  mode: z.enum(["start", "resume"]),
  pid: z.number().nullable(),
  logPath: z.string(),
  interrupted: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  exitCode: z.number().nullable(),
  signal: z.string().nullable(),
  error: z.string().nullable(),
  /** The lead or the governor ended its attempt on purpose (stop, requeue, restart, …); null: it ended otherwise. */
  attemptEnding: z.enum(ATTEMPT_ENDINGS).nullable(),
  currentBytes: z.number(),
  peakBytes: z.number(),
  memoryMethod: memoryMethodSchema.nullable(),
  /** Whether it runs or is paused (its processes stopped); null once it has ended. */
  state: z.enum(["running", "paused"]).nullable(),
  processes: z.array(processViewSchema),
  /** False when this server cannot list its processes (a viewer: they run on the engine's machine). */
  processesVisible: z.boolean(),
  /** Where its processes are listed when this server cannot list them. */
  processesNote: z.string().nullable(),
  kind: z.enum(["claude", "codex", "generic"]).nullable(),
  tokens: tokenUsageSchema.nullable(),
  costUsd: z.number().nullable(),
  turns: z.number().nullable(),
  result: z.string().nullable(),
  sessionId: z.string().nullable(),
});

/** The seed's daily status as an agent reported it (lib/domain/types.ts ProgressReport). */
export const progressReportSchema = z.strictObject({
  date: z.string().optional(),
  track: z.string(),
  agent: z.string().optional(),
  status: reportStatusSchema.optional(),
  progressPercent: z.number().optional(),
  completedToday: z.array(z.string()).optional(),
  plannedTomorrow: z.array(z.string()).optional(),
  lessons: z.array(z.string()).optional(),
  blockers: z
    .array(
      z.strictObject({
        blocker: z.string(),
        severity: blockerSeveritySchema,
        resolutionPlan: z.string().nullable(),
      }),
    )
    .optional(),
  resourceUsage: z
    .strictObject({
      ramGb: z.number().optional(),
      model: z.string().optional(),
      durationHours: z.number().optional(),
      tokens: z.number().optional(),
      costUsd: z.number().optional(),
    })
    .optional(),
});

/** One track with its agents, reports and events (the track page). */
export const trackDetailViewSchema = trackViewSchema.extend({
  agents: z.array(agentViewSchema),
  reports: z.array(z.strictObject({ at: z.string(), source: z.string(), report: progressReportSchema })),
  events: z.array(ptEventSchema),
});

export const logLineSchema = z.strictObject({
  trackKey: z.string(),
  agent: z.string(),
  stream: z.enum(["stdout", "stderr", "system"]),
  line: z.string(),
  at: z.string(),
});
