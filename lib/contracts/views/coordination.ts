// Response schemas of coordination (lib/domain/coordination/coordination-views.ts): conflicts with the lead's
// rulings, the blockers board, handoffs, daily statuses, the integration phase.
import { z } from "zod";
import { STATUS_TRIGGERS } from "../../domain/coordination/coordination-views";
import { blockerSeveritySchema, reportStatusSchema, severitySchema } from "./shared";

export const blockerSourceSchema = z.enum(["report", "log-line"]);

export const blockerEntrySchema = z.strictObject({
  id: z.number(),
  trackKey: z.string(),
  blocker: z.string(),
  severity: blockerSeveritySchema,
  resolutionPlan: z.string().nullable(),
  source: blockerSourceSchema,
  raisedAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.enum(["lead", "report"]).nullable(),
});

export const conflictStateSchema = z.enum(["open", "resolved", "dismissed", "cleared"]);

export const conflictFileEvidenceSchema = z.strictObject({
  path: z.string(),
  changes: z.array(
    z.strictObject({
      trackKey: z.string(),
      committed: z.boolean(),
      uncommitted: z.boolean(),
      added: z.number().nullable(),
      removed: z.number().nullable(),
    }),
  ),
  owners: z.array(z.string()),
  mergeMessages: z.array(z.string()),
});

export const resolutionOptionSchema = z.enum([
  "keep-paused-until-rebase",
  "reassign-files",
  "widen-scope",
  "dismiss",
  "escalate",
]);

export const scopeChangeSchema = z.strictObject({
  trackKey: z.string(),
  add: z.array(z.string()),
});

export const resolutionCriterionSchema = z.enum(["tier", "priority", "progress", "scope-clarity", "tie"]);

export const resolutionStepNameSchema = z.enum(["detect", "pause", "assess", "resolve", "implement", "log"]);

export const resolutionStepSchema = z.strictObject({
  step: resolutionStepNameSchema,
  text: z.string(),
});

export const conflictRecommendationSchema = z.strictObject({
  option: resolutionOptionSchema,
  resume: z.array(z.string()),
  hold: z.array(z.string()),
  scopeChanges: z.array(scopeChangeSchema),
  decidedBy: resolutionCriterionSchema,
  reason: z.string(),
  steps: z.array(resolutionStepSchema),
  ended: z.array(z.string()).optional(),
});

export const leadResolutionSchema = z.discriminatedUnion("option", [
  z.strictObject({
    option: z.literal("keep-paused-until-rebase"),
    resume: z.string(),
    hold: z.string(),
  }),
  z.strictObject({
    option: z.literal("widen-scope"),
    trackKey: z.string(),
    globs: z.array(z.string()).optional(),
  }),
  z.strictObject({
    option: z.literal("reassign-files"),
    trackKey: z.string(),
  }),
  z.strictObject({
    option: z.literal("dismiss"),
    note: z.string().optional(),
  }),
]);

export const conflictRulingSchema = z.strictObject({
  choice: leadResolutionSchema,
  resumed: z.array(z.string()),
  held: z.array(z.string()),
  scopeChanges: z.array(scopeChangeSchema),
  summary: z.string(),
});

export const conflictRecordSchema = z.strictObject({
  id: z.number(),
  runId: z.string(),
  at: z.string(),
  source: z.enum(["touch", "git"]),
  key: z.string().nullable(),
  kind: z.enum(["scope-violation", "overlap", "predicted-conflict", "out-of-scope", "overlapping-work"]),
  severity: severitySchema,
  trackKeys: z.array(z.string()),
  files: z.array(z.string()),
  message: z.string(),
  state: conflictStateSchema,
  evidence: z
    .strictObject({
      files: z.array(conflictFileEvidenceSchema),
      scopes: z.record(z.string(), z.array(z.string())),
    })
    .nullable(),
  recommendation: conflictRecommendationSchema.nullable(),
  resolution: z.string().nullable(),
  ruling: conflictRulingSchema.nullable(),
  held: z.array(z.string()),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const handoffStateSchema = z.enum(["pending", "failed", "skipped", "delivered", "acknowledged"]);

export const handoffArtifactSchema = z.strictObject({
  path: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  outcome: z.enum(["copied", "identical", "kept-receiver-version", "shared-tree"]),
  incomingPath: z.string().nullable(),
});

export const handoffViewSchema = z.strictObject({
  runId: z.string(),
  from: z.string(),
  to: z.string(),
  state: handoffStateSchema,
  acknowledge: z.enum(["lead", "auto"]),
  artifacts: z.array(handoffArtifactSchema),
  unmatchedGlobs: z.array(z.string()),
  document: z.string().nullable(),
  documentPath: z.string().nullable(),
  reason: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
});

export const dailyStatusDocumentSchema = z.strictObject({
  date: z.string().nullable(),
  track: z.string(),
  agent: z.string().nullable(),
  status: reportStatusSchema.nullable(),
  progress_percent: z.number().nullable(),
  completed_today: z.array(z.string()),
  planned_tomorrow: z.array(z.string()),
  blockers: z.array(
    z.strictObject({
      blocker: z.string(),
      severity: blockerSeveritySchema,
      resolution_plan: z.string().nullable(),
    }),
  ),
  resource_usage: z.strictObject({
    ram_gb: z.number().nullable(),
    model: z.string().nullable(),
    duration_hours: z.number().nullable(),
    tokens: z.number().nullable(),
    cost_usd: z.number().nullable(),
  }),
});

export const dailyStatusViewSchema = z.strictObject({
  runId: z.string(),
  trackKey: z.string(),
  date: z.string(),
  trigger: z.enum(STATUS_TRIGGERS),
  generatedAt: z.string(),
  document: dailyStatusDocumentSchema,
});

export const dailyStatusDaySchema = z.strictObject({
  date: z.string(),
  utcOffsetMinutes: z.number().int(),
  documents: z.array(dailyStatusViewSchema),
});

export const integrationStateSchema = z.enum(["running", "failed", "conflict", "passed", "error"]);

export const integrationOrderEntrySchema = z.strictObject({
  key: z.string(),
  conflictsWith: z.array(z.string()),
  conflictFiles: z.number(),
  unknownWith: z.array(z.string()),
  reason: z.string(),
});

export const mergeStepSchema = z.discriminatedUnion("state", [
  z.strictObject({
    key: z.string(),
    branch: z.string(),
    state: z.literal("merged"),
    commit: z.string(),
  }),
  z.strictObject({
    key: z.string(),
    branch: z.string(),
    state: z.literal("up-to-date"),
  }),
  z.strictObject({
    key: z.string(),
    branch: z.string(),
    state: z.literal("conflict"),
    files: z.array(z.string()),
    message: z.string(),
  }),
  z.strictObject({
    key: z.string(),
    branch: z.string(),
    state: z.literal("error"),
    message: z.string(),
  }),
  z.strictObject({
    key: z.string(),
    branch: z.string(),
    state: z.literal("skipped"),
    reason: z.string(),
  }),
]);

export const integrationResultSchema = z.strictObject({
  branch: z.string(),
  worktreePath: z.string(),
  baseCommit: z.string(),
  head: z.string(),
  steps: z.array(mergeStepSchema),
  stoppedAt: z.string().nullable(),
  test: z
    .union([
      z.strictObject({
        command: z.string(),
        state: z.enum(["failed", "passed"]),
        exitCode: z.number().nullable(),
        durationMs: z.number(),
        output: z.string(),
        summary: z.string(),
      }),
      z.strictObject({
        command: z.string(),
        state: z.literal("not-run"),
        reason: z.string(),
      }),
    ])
    .nullable(),
});

export const integrationViewSchema = z.strictObject({
  id: z.number(),
  runId: z.string(),
  state: integrationStateSchema,
  branch: z.string(),
  worktreePath: z.string().nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  order: z.array(integrationOrderEntrySchema),
  result: integrationResultSchema.nullable(),
  error: z.string().nullable(),
  report: z.string().nullable(),
});
