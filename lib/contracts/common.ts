// Schemas shared by several endpoints: path parameters and query values.
import { z } from "zod";
import { PLAN_LIMITS } from "../domain/plan/plan-limits";
import { TRACK_KEY_PATTERN } from "../domain/plan/plan-schema-fields";

/** A run id, or "current" for the live run (else the newest). */
export const runIdParam = z.object({ id: z.string().min(1).max(100) });

/** The id of a run as given in a path, with "current" meaning "the live or newest run". */
export const runSelector = (id: string): string | undefined => (id === "current" ? undefined : id);

export const trackKey = z.string().min(1).max(64).regex(TRACK_KEY_PATTERN, "not a track key");
export const trackKeyParam = z.object({ key: trackKey });

/** An optional run id in the query (?runId=). */
export const runIdQuery = z.string().min(1).max(100).optional();

/** A whole number from 1 to `max` in the query, `fallback` when absent. */
export const limitQuery = (name: string, fallback: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > max) {
        ctx.addIssue({ code: "custom", message: `${name} must be an integer from 1 to ${max}` });
        return z.NEVER;
      }
      return n;
    })
    .meta({ type: "integer", minimum: 1, maximum: max, default: fallback });

/** An ISO time in the query (?since=). */
export const isoTimeQuery = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const time = new Date(value);
      // Past year 9999 an ISO string gets a sign ("+099999-…"), which the database orders before every real time.
      if (Number.isNaN(time.getTime()) || time.getUTCFullYear() > 9999) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be an ISO time such as 2026-01-31T12:00:00Z, got "${value.slice(0, 40)}"`,
        });
        return z.NEVER;
      }
      return time;
    })
    .meta({ type: "string", format: "date-time" });

/** A dollar budget set while a run goes on; null removes it. */
export const maxCostUsd = z
  .number({ error: "maxCostUsd must be a number of dollars or null" })
  .min(0, "maxCostUsd must not be negative")
  .max(1_000_000)
  .nullable();

/** A plan given to the server: a file on it or the YAML text (exactly one), and an optional RAM budget. */
export const planSourceFields = {
  path: z
    .string()
    .min(1)
    .max(PLAN_LIMITS.pathChars)
    .optional()
    .describe("A plan file (.yaml or .yml) on the server"),
  plan: z.string().min(1).optional().describe("The plan's YAML text"),
  budget: z.string().max(32).optional().describe('RAM budget overriding the plan\'s, e.g. "8GB"'),
};

/** The refinement every plan-source body needs: a path or a text, not both, not neither. */
export const oneSource = [
  (b: { path?: string; plan?: string }) => (b.path === undefined) !== (b.plan === undefined),
  { message: 'give either "path" (a plan file on the server) or "plan" (the plan\'s YAML text)' },
] as const;
