// The plan's `ram` section: the zone thresholds and how the governor guards the machine's memory (budget,
// admission, grace, settle, backfill, which track gives way first).
import { z } from "zod";
import { parseSize, SIZE_FORM } from "../units";
import {
  DEFAULT_BACKFILL_SECONDS,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_ZONES,
} from "./plan-defaults";
import { missingUnit, percent, SIZE_JSON_PATTERN, sizeProblem } from "./plan-schema-fields";

const zonesSchema = z
  .strictObject({
    yellow: percent
      .default(DEFAULT_ZONES.yellow)
      .describe("Yellow starts at this percent of the effective total."),
    orange: percent.default(DEFAULT_ZONES.orange).describe("Orange starts here: new tracks wait."),
    red: percent
      .default(DEFAULT_ZONES.red)
      .describe("Red starts here: the governor pauses low-priority tracks."),
    // As ZONE_HYSTERESIS: a wider margin would keep a zone long after use has left it (Yellow at 60 and 50 points
    // would ease only below 10 %).
    hysteresis: z
      .number({ error: "expected a number of points from 0 to 10" })
      .min(0, { error: "must be a number of points from 0 to 10" })
      .max(10, { error: "must be a number of points from 0 to 10" })
      .default(DEFAULT_ZONES.hysteresis)
      .describe("Points below a threshold that use must fall before the zone eases, so it does not flap."),
  })
  .describe("RAM zone thresholds in percent; they must increase strictly (yellow < orange < red).");

/** The `ram` section: the governor policy of the plan. */
export const ramPolicySchema = z
  .strictObject({
    budget: z
      .string({ error: missingUnit(`"auto" or ${SIZE_FORM}`, "GB") })
      .refine((text) => text.trim() === "auto" || parseSize(text) !== null, {
        error: (issue) => `expected "auto" or ${sizeProblem(issue.input).replace(/^expected /, "")}`,
        abort: true,
      })
      .refine((text) => text.trim() === "auto" || (parseSize(text) ?? 1) > 0, {
        message:
          'must be more than 0: no track could ever start (leave it out, or "auto", to use the machine)',
      })
      .default("auto")
      .meta({ anyOf: [{ const: "auto" }, { pattern: SIZE_JSON_PATTERN }] })
      .describe(
        '"auto" lets the whole machine drive the zone; a size caps what Paratrack\'s agents may use.',
      ),
    zones: zonesSchema.optional(),
    admitBelow: percent
      .optional()
      .describe(
        "Start tracks only while projected use stays below this percent (default: the orange threshold).",
      ),
    graceSeconds: z
      .number({ error: "expected a number of seconds" })
      .min(0, { error: "must not be negative" })
      .default(DEFAULT_GRACE_SECONDS)
      .describe(
        "Seconds the zone may stay Red after pausing (SIGSTOP frees no memory) before the governor stops and requeues a track.",
      ),
    settleSeconds: z
      .number({ error: "expected a number of seconds" })
      .min(0, { error: "must not be negative" })
      .default(DEFAULT_SETTLE_SECONDS)
      .describe(
        "Seconds use must stay below the Yellow line before the governor resumes paused tracks (one at a time) or admits new ones.",
      ),
    backfillSeconds: z
      .number({ error: "expected a number of seconds" })
      .min(0, { error: "must not be negative" })
      .default(DEFAULT_BACKFILL_SECONDS)
      .describe(
        "Seconds the first queued track may wait for memory while smaller tracks that fit start past it (backfill); 0 keeps strict admission order.",
      ),
    victimOrder: z
      .array(z.enum(["priority", "tier", "progress", "youngest", "memory"]))
      .min(1)
      .refine((list) => new Set(list).size === list.length, { message: "each criterion at most once" })
      .optional()
      .describe(
        "Which track the governor pauses or requeues first; the first criterion that differs decides. Default: priority, tier, progress, youngest.",
      ),
  })
  .describe("How Paratrack guards the machine's memory.");
