// The plan file as people write it (YAML), described once with zod: validation, defaults and the editor's JSON Schema.
// The sections live in plan-schema-*.ts (track, ram, coordination, agents, executor); this module puts them together.
import { z } from "zod";
import { DEFAULT_NICE } from "./plan-defaults";
import { PLAN_LIMITS as LIMITS } from "./plan-limits";
import { planRuntimeFields } from "./plan-schema-agents";
import { gitCoordinationFields } from "./plan-schema-coordination";
import { executorFields } from "./plan-schema-executor";
import { niceness, pathText } from "./plan-schema-fields";
import { ramPolicySchema } from "./plan-schema-ram";
import { trackSchema } from "./plan-schema-track";

/** The whole plan file: the schema the validator parses with and the JSON Schema is generated from. */
export const planFileSchema = z
  .strictObject({
    name: z
      .string({ error: "expected the plan's name" })
      .min(1)
      .max(LIMITS.nameChars, { error: `the plan's name is longer than ${LIMITS.nameChars} characters` })
      .describe("Name of the plan."),
    workdir: pathText
      .optional()
      .describe(
        "Default working directory of the tracks, relative to the plan file (default: its directory).",
      ),
    maxConcurrent: z
      .number({ error: "expected a whole number" })
      .int({ error: "expected a whole number" })
      .min(1, { error: "must be at least 1 (leave it out for the RAM tier's default)" })
      .optional()
      .describe("Most tracks running at once (default: the RAM tier's limit)."),
    resources: z
      .record(
        z.string(),
        z.number({ error: "expected a capacity number" }).positive({ error: "must be more than 0" }),
      )
      .optional()
      .describe("Capacities of extra renewable resources tracks may demand (e.g. gpuGB: 24)."),
    ram: ramPolicySchema.optional(),
    nice: niceness
      .default(DEFAULT_NICE)
      .describe(
        "CPU niceness of the agents, 0 (normal) to 19 (lowest): agents yield the CPU so the dashboard and the governor stay responsive. Default 10.",
      ),
    ...planRuntimeFields,
    ...executorFields,
    tracks: z
      .array(trackSchema, { error: "expected a list of tracks" })
      .min(1, { error: "a plan needs at least one track" })
      .max(LIMITS.tracks, { error: `a plan has at most ${LIMITS.tracks} tracks` })
      .describe("The tracks to run."),
    ...gitCoordinationFields,
  })
  .meta({
    title: "Paratrack plan",
    description:
      "Tracks of AI coding agents to run in parallel without running the workstation out of memory.",
  });

/** The plan file after validation and defaults, before normalisation to Plan. */
export type PlanFile = z.output<typeof planFileSchema>;

/** JSON Schema (draft 2020-12) of the plan file, for editors (yaml-language-server). */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planFileSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}
