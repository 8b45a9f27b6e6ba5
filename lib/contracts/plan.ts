// The what-if planner.
import { z } from "zod";
import { PLAN_LIMITS } from "../domain/plan/plan-limits";
import { oneSource, planSourceFields } from "./common";
import { endpoint } from "./endpoint";
import { preflightReportSchema, whatIfSourceSchema, whatIfViewSchema } from "./views/plan";

export const whatIfSource = endpoint({
  method: "GET",
  path: "/api/plan/what-if",
  summary: "A plan to start from: the current run's (env values masked), the demo's or the seed example's",
  access: "token",
  query: z.object({ from: z.enum(["default", "current", "demo", "seed"]).default("default") }),
  response: whatIfSourceSchema,
});

export const whatIf = endpoint({
  method: "POST",
  path: "/api/plan/what-if",
  summary: "A plan validated and scheduled for the 16 / 32 / 64 GB tiers and this machine",
  access: "token",
  maxBodyBytes: 2 * PLAN_LIMITS.sourceBytes + 4096,
  body: z.strictObject({ plan: z.string().min(1, "the plan is empty") }),
  response: whatIfViewSchema,
});

export const preflight = endpoint({
  method: "POST",
  path: "/api/plan/preflight",
  summary:
    "The pre-flight checks of a plan without starting it: programs on PATH, workdirs, environment, local models, memory, git",
  access: "token",
  maxBodyBytes: 2 * PLAN_LIMITS.sourceBytes + 4096,
  body: z
    .strictObject({
      ...planSourceFields,
    })
    .refine(...oneSource),
  response: preflightReportSchema,
});
