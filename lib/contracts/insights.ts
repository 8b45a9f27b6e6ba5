// What a run shows beyond its tracks: Gantt, phases and gates, metrics, retrospective.
import { z } from "zod";
import { RETRO_ENTRIES_MAX, RETRO_ENTRY_MAX_CHARS } from "../domain/reporting/retro-entries";
import { RETRO_SECTIONS } from "../domain/reporting/retrospective";
import { runIdParam } from "./common";
import { endpoint } from "./endpoint";
import {
  advanceResultSchema,
  ganttViewSchema,
  metricsViewSchema,
  phasesViewSchema,
  retrospectiveViewSchema,
} from "./views/insights";

export const runGantt = endpoint({
  method: "GET",
  path: "/api/runs/{id}/gantt",
  summary: "Plan versus actual: planned bars, spans, forecasts, dependencies",
  access: "token",
  params: runIdParam,
  response: ganttViewSchema,
});

export const runPhases = endpoint({
  method: "GET",
  path: "/api/runs/{id}/phases",
  summary: "The five phases with their gate checklists",
  access: "token",
  params: runIdParam,
  response: phasesViewSchema,
});

export const tickGateItem = endpoint({
  method: "POST",
  path: "/api/runs/{id}/phases/{phase}/ticks",
  summary: "Tick (or untick) a manual gate item",
  access: "token",
  params: z.object({
    id: z.string().min(1).max(100),
    phase: z.enum(["1", "2", "3", "4", "5"], { error: "phases are 1 to 5" }).transform(Number),
  }),
  body: z.strictObject({
    itemKey: z.string().min(1).max(200),
    note: z.string().max(2000).nullish(),
    checked: z.boolean(),
    by: z.string().min(1).max(64).optional(),
  }),
  response: phasesViewSchema,
});

export const advancePhase = endpoint({
  method: "POST",
  path: "/api/runs/{id}/phases/advance",
  summary: "Close the current phase's gate (or override it with a reason)",
  access: "token",
  params: runIdParam,
  body: z.strictObject({
    override: z
      .strictObject({
        reason: z
          .string()
          .max(2000)
          .refine((r) => r.trim() !== "", "must not be empty: say why the gate is overridden"),
      })
      .optional(),
    by: z.string().min(1).max(64).optional(),
  }),
  emptyBody: {},
  response: advanceResultSchema,
});

export const runMetrics = endpoint({
  method: "GET",
  path: "/api/runs/{id}/metrics",
  summary: "The seed's success metrics of a run, against their targets",
  access: "token",
  params: runIdParam,
  response: metricsViewSchema,
});

export const runRetrospective = endpoint({
  method: "GET",
  path: "/api/runs/{id}/retrospective",
  summary: "Metrics, planned vs actual, decisions, pauses and the lead's entries (?format=md: Markdown)",
  access: "token",
  params: runIdParam,
  query: z.object({ format: z.enum(["json", "md"]).optional() }),
  response: retrospectiveViewSchema,
});

export const saveRetroEntries = endpoint({
  method: "PUT",
  path: "/api/runs/{id}/retrospective",
  summary: "Replace the lead's retrospective entries",
  access: "token",
  params: runIdParam,
  body: z.strictObject({
    entries: z
      .array(
        z.strictObject({
          section: z.enum(
            RETRO_SECTIONS as [(typeof RETRO_SECTIONS)[number], ...(typeof RETRO_SECTIONS)[number][]],
          ),
          text: z.string().max(RETRO_ENTRY_MAX_CHARS),
        }),
      )
      .max(RETRO_ENTRIES_MAX),
  }),
  response: retrospectiveViewSchema,
});

export const retrospectiveMarkdown = endpoint({
  method: "GET",
  path: "/api/runs/{id}/retrospective.md",
  summary: "The retrospective as a Markdown download",
  access: "token",
  params: runIdParam,
  produces: "text/markdown",
});
