// Response schemas of the plan tools: the what-if planner (lib/domain/planner/what-if.ts) and pre-flight checks.
import { z } from "zod";
import {
  durationRangeSchema,
  planIssueSchema,
  prioritySchema,
  ramTierSchema,
  trackScheduleSchema,
} from "./shared";

export const whatIfColumnSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  totalBytes: z.number(),
  tier: ramTierSchema,
  capacityBytes: z.number(),
  capacityBasis: z.string(),
  maxConcurrent: z.number(),
  maxConcurrentSource: z.enum(["tier", "plan"]),
  isCurrent: z.boolean(),
  schedule: trackScheduleSchema,
});

export const whatIfViewSchema = z.strictObject({
  name: z.string(),
  tracks: z.array(
    z.strictObject({
      priority: prioritySchema,
      key: z.string(),
      name: z.string(),
      ramBytes: z.number().nullable(),
      duration: durationRangeSchema.nullable(),
      dependsOn: z.array(z.string()),
    }),
  ),
  warnings: z.array(planIssueSchema),
  columns: z.array(whatIfColumnSchema),
  currentMissing: z.string().nullable(),
});

export const whatIfSourceSchema = z.strictObject({
  from: z.enum(["current", "demo", "seed"]),
  label: z.string(),
  fileName: z.string(),
  source: z.string(),
});

export const preflightSummarySchema = z.strictObject({
  ok: z.boolean(),
  errors: z.number(),
  warnings: z.number(),
  notes: z.number(),
  passed: z.number(),
});

export const preflightCheckSchema = z.enum([
  "memory",
  "git",
  "program",
  "workdir",
  "env",
  "model",
  "agents",
  "slurm",
]);

export const preflightResultSchema = z.strictObject({
  check: preflightCheckSchema,
  track: z.string().nullable(),
  ok: z.boolean(),
  severity: z.enum(["info", "error", "warning"]),
  message: z.string(),
});

export const preflightReportSchema = z.strictObject({
  ok: z.boolean(),
  summary: preflightSummarySchema,
  results: z.array(preflightResultSchema),
});
