// Response schemas of runs, the governor and memory (lib/domain/views.ts, lib/domain/types.ts MemorySample).
import { z } from "zod";
import { planIssueSchema, ramTierSchema, waitKindSchema, zoneSchema } from "./shared";
import { trackViewSchema } from "./tracks";

export const runStatusSchema = z.enum(["running", "completed", "failed", "stopped"]);

export const runViewSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  status: runStatusSchema,
  phase: z.number(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  budgetBytes: z.number().nullable(),
  trackCount: z.number(),
});

/** What deleting a run removed. */
export const deletedRunSchema = z.strictObject({
  runId: z.string(),
  name: z.string(),
  tracks: z.number(),
  logBytes: z.number(),
  logsLeft: z.array(z.string()),
});

/** One Slurm node as the cluster governor last read it. */
export const clusterNodeViewSchema = z.strictObject({
  name: z.string(),
  state: z.string(),
  flags: z.array(z.string()),
  available: z.boolean(),
  reason: z.string().nullable(),
  realMemoryBytes: z.number(),
  allocatedBytes: z.number(),
  usedBytes: z.number().nullable(),
  jobsBytes: z.number(),
  usedPercent: z.number().nullable(),
  zone: zoneSchema.nullable(),
  trackKeys: z.array(z.string()),
});

/** The Slurm cluster of a run with Slurm tracks: nodes and sums over those that take work. */
export const clusterViewSchema = z.strictObject({
  at: z.string(),
  nodes: z.array(clusterNodeViewSchema),
  availableNodes: z.number(),
  capacityBytes: z.number(),
  allocatedBytes: z.number(),
  usedBytes: z.number().nullable(),
  error: z.string().nullable(),
});

/** What the governor is doing: zone, sampling interval, admission queue. */
export const governorViewSchema = z.strictObject({
  enabled: z.boolean(),
  zone: zoneSchema,
  zoneLines: z.strictObject({ yellow: z.number(), orange: z.number(), red: z.number() }),
  sampleIntervalMs: z.number(),
  queue: z.array(
    z.strictObject({
      trackKey: z.string(),
      waitsFor: waitKindSchema,
      reason: z.string(),
    }),
  ),
  ordering: z
    .strictObject({
      method: z.enum(["first-fit", "replanned"]),
      source: z.enum(["first-fit", "rcpsp", "rcpsp-mean", "longest-first", "local-search"]),
      firstFitFinishMs: z.number().nullable(),
      replannedFinishMs: z.number().nullable(),
    })
    .nullable(),
  maxConcurrent: z.number().optional(),
  concurrency: z
    .strictObject({
      limit: z.number().nullable(),
      decidedBy: z.enum(["plan", "tier", "memory"]),
      tierLimit: z.number(),
      tierLabel: z.string(),
    })
    .optional(),
  cluster: clusterViewSchema.optional(),
});

/** One memory sample: zone, the machine, budget and system views, tier, swap, PSI. */
export const memorySampleSchema = z.strictObject({
  at: z.string(),
  zone: zoneSchema,
  zoneSource: z.enum(["machine", "budget", "hard-floor"]),
  tier: ramTierSchema,
  system: z.strictObject({
    totalBytes: z.number(),
    availableBytes: z.number(),
    usedBytes: z.number(),
    usedPercent: z.number(),
  }),
  machine: z.strictObject({
    capacityBytes: z.number(),
    usedBytes: z.number(),
    usedPercent: z.number(),
    capacitySource: z.enum(["physical", "cgroup"]),
  }),
  budget: z
    .strictObject({
      bytes: z.number(),
      usedBytes: z.number(),
      usedPercent: z.number(),
    })
    .nullable(),
  swap: z.strictObject({
    totalBytes: z.number(),
    usedBytes: z.number(),
  }),
  psi: z
    .strictObject({
      some10: z.number(),
      full10: z.number(),
    })
    .nullable(),
});

export const trackMemoryPointSchema = z.strictObject({
  at: z.string(),
  tracks: z.record(z.string(), z.number()),
});

/** GET /api/runs/{id}: a run with its tracks. */
export const runWithTracksSchema = runViewSchema.extend({ tracks: z.array(trackViewSchema) });

/** POST /api/runs: the started run and the plan's warnings. */
export const startedRunSchema = z.strictObject({ runId: z.string(), warnings: z.array(planIssueSchema) });

/** POST /api/runs/{id}/budget. */
export const runBudgetSchema = z.strictObject({ runId: z.string(), maxCostUsd: z.number().nullable() });

/** GET /api/health. */
export const healthSchema = z.strictObject({
  /** false while the database does not answer (the server and its engine go on: HTTP 200 all the same). */
  ok: z.boolean(),
  version: z.string(),
  instanceId: z.string(),
  role: z.enum(["owner", "viewer"]).optional(),
  database: z.enum(["available", "unavailable"]),
});

/** POST /api/server/stop. */
export const serverStoppingSchema = z.strictObject({
  stopping: z.boolean(),
  agents: z.enum(["detach", "stop"]),
});
