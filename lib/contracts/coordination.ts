// Coordination (issue 13): conflicts and the lead's rulings, the blockers board, handoffs, daily statuses, the
// integration phase.
import { z } from "zod";
import { isStatusDate } from "../domain/coordination/status-cadence";
import { runIdParam, runIdQuery, trackKey, trackKeyParam } from "./common";
import { endpoint } from "./endpoint";
import {
  blockerEntrySchema,
  conflictRecordSchema,
  dailyStatusDaySchema,
  dailyStatusDocumentSchema,
  dailyStatusViewSchema,
  handoffViewSchema,
  integrationViewSchema,
} from "./views/coordination";

const runQuery = z.object({ runId: runIdQuery });
const idParam = (what: string) =>
  z.object({
    id: z
      .string()
      .regex(/^\d{1,9}$/, `not a ${what} id`)
      .transform(Number),
  });
const dateText = z.string().refine(isStatusDate, "expected a date YYYY-MM-DD");

/** The lead's ruling on a conflict (lib/domain/coordination/conflict-lifecycle.ts LeadResolution). */
const leadResolutionSchema = z.discriminatedUnion(
  "option",
  [
    z.strictObject({ option: z.literal("keep-paused-until-rebase"), resume: trackKey, hold: trackKey }),
    z.strictObject({
      option: z.literal("widen-scope"),
      trackKey,
      globs: z.array(z.string().min(1).max(500)).min(1).max(100).optional(),
    }),
    z.strictObject({ option: z.literal("reassign-files"), trackKey }),
    z.strictObject({ option: z.literal("dismiss"), note: z.string().max(2000).optional() }),
  ],
  { error: 'option must be one of "keep-paused-until-rebase", "widen-scope", "reassign-files", "dismiss"' },
);

export const listConflicts = endpoint({
  method: "GET",
  path: "/api/conflicts",
  summary: "Conflicts of a run (default: the live run, else the newest): evidence, recommendation, ruling",
  access: "token",
  query: runQuery,
  response: z.array(conflictRecordSchema),
});

export const resolveConflict = endpoint({
  method: "POST",
  path: "/api/conflicts/{id}/resolve",
  summary:
    "The lead's ruling on an open conflict: resume one and hold the other until it rebases, widen a scope, reassign files, or dismiss",
  access: "token",
  params: idParam("conflict"),
  body: leadResolutionSchema,
  response: conflictRecordSchema,
});

export const listBlockers = endpoint({
  method: "GET",
  path: "/api/blockers",
  summary:
    "The blockers board of a run: every blocker with severity, owner track, resolution plan, resolved-at",
  access: "token",
  query: runQuery,
  response: z.array(blockerEntrySchema),
});

export const resolveBlocker = endpoint({
  method: "POST",
  path: "/api/blockers/{id}/resolve",
  summary: "The lead resolves a blocker of the live run by hand",
  access: "token",
  params: idParam("blocker"),
  body: z.strictObject({}),
  emptyBody: {},
  response: blockerEntrySchema,
});

export const listHandoffs = endpoint({
  method: "GET",
  path: "/api/handoffs",
  summary: "The plan's handoffs in a run: state, artifacts with sha256, document, acknowledgement",
  access: "token",
  query: runQuery,
  response: z.array(handoffViewSchema),
});

export const acknowledgeHandoff = endpoint({
  method: "POST",
  path: "/api/handoffs/{from}/{to}/acknowledge",
  summary: "The lead acknowledges a delivered handoff; its receiver may start",
  access: "token",
  params: z.object({ from: trackKey, to: trackKey }),
  body: z.strictObject({}),
  emptyBody: {},
  response: handoffViewSchema,
});

export const trackStatus = endpoint({
  method: "GET",
  path: "/api/tracks/{key}/status",
  summary:
    "A track's daily status in the seed's fields for a day (default today): YAML with Accept: application/yaml, else JSON",
  access: "token",
  params: trackKeyParam,
  query: z.object({ runId: runIdQuery, date: dateText.optional() }),
  response: dailyStatusDocumentSchema,
});

export const listStatusDays = endpoint({
  method: "GET",
  path: "/api/runs/{id}/status",
  summary: "A run's stored daily status documents by day, newest first",
  access: "token",
  params: runIdParam,
  response: z.array(dailyStatusDaySchema),
});

export const generateStatus = endpoint({
  method: "POST",
  path: "/api/runs/{id}/status",
  summary: "Write the live run's daily status documents now (default: today)",
  access: "token",
  params: runIdParam,
  body: z.strictObject({ date: dateText.optional() }),
  emptyBody: {},
  response: z.array(dailyStatusViewSchema),
});

export const statusDayYaml = endpoint({
  method: "GET",
  path: "/api/runs/{id}/status/{date}",
  summary: "One day's daily status documents as one YAML file (one document per track)",
  access: "token",
  params: z.object({ id: z.string().min(1).max(100), date: dateText }),
  produces: "application/yaml",
});

export const getIntegration = endpoint({
  method: "GET",
  path: "/api/runs/{id}/integration",
  summary: "Phase 5: the latest integration of the track branches, its order, merges, test and final report",
  access: "token",
  params: runIdParam,
  response: z.strictObject({ integration: integrationViewSchema.nullable() }),
});

export const startIntegration = endpoint({
  method: "POST",
  path: "/api/runs/{id}/integration",
  summary: "Merge the completed tracks' branches in the advised order and run the integration test",
  access: "token",
  params: runIdParam,
  body: z.strictObject({}),
  emptyBody: {},
  status: 202,
  response: integrationViewSchema,
});
