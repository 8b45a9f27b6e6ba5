// Runs: list, start, one run with its tracks.
import { z } from "zod";
import { PLAN_LIMITS } from "../domain/plan/plan-limits";
import { maxCostUsd, oneSource, planSourceFields, runIdParam } from "./common";
import { endpoint } from "./endpoint";
import {
  deletedRunSchema,
  runBudgetSchema,
  runViewSchema,
  runWithTracksSchema,
  startedRunSchema,
} from "./views/runs";

export const listRuns = endpoint({
  method: "GET",
  path: "/api/runs",
  summary: "Runs, newest first",
  access: "token",
  response: z.array(runViewSchema),
});

export const startRun = endpoint({
  method: "POST",
  path: "/api/runs",
  summary: "Start a run from a plan file on the server (path) or a plan's YAML text (plan)",
  access: "token",
  status: 201,
  // The plan's text arrives JSON-escaped: leave room for escapes beyond the plan limit itself.
  maxBodyBytes: 2 * PLAN_LIMITS.sourceBytes + 4096,
  body: z
    .strictObject({
      ...planSourceFields,
      override: z
        .string()
        .trim()
        .min(1, "an override needs a reason")
        .max(500)
        .optional()
        .describe("Start despite failed pre-flight checks, for this reason (recorded as an event)"),
    })
    .refine(...oneSource),
  response: startedRunSchema,
});

export const getRun = endpoint({
  method: "GET",
  path: "/api/runs/{id}",
  summary: 'One run with its tracks ("current": the live run, else the newest)',
  access: "token",
  params: runIdParam,
  response: runWithTracksSchema,
});

export const deleteRun = endpoint({
  method: "DELETE",
  path: "/api/runs/{id}",
  summary:
    "Delete an ended run (not the server's current one) with its records and agents' logs; its branches and worktrees stay",
  access: "token",
  params: runIdParam,
  response: deletedRunSchema,
});

export const setRunBudget = endpoint({
  method: "POST",
  path: "/api/runs/{id}/budget",
  summary: "Change the live run's dollar budget (maxCostUsd; null: none); tracks it held may start again",
  access: "token",
  params: runIdParam,
  body: z.strictObject({ maxCostUsd: maxCostUsd }),
  response: runBudgetSchema,
});
