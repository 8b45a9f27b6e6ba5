// A track as the plan file describes it: its agents, model, estimates, dependencies, scope and environment.
import { z } from "zod";
import { PLAN_LIMITS as LIMITS } from "./plan-limits";
import { agentRuntimeFields, trackRuntimeFields } from "./plan-schema-agents";
import { executorFields } from "./plan-schema-executor";
import {
  durationString,
  ENV_NAME_PATTERN,
  ENV_NAME_RULE,
  name,
  niceness,
  nonEmptyCommand,
  pathText,
  percent,
  positiveSizeString,
  RAMP_PERCENT_PATTERN,
  TRACK_KEY_PATTERN,
} from "./plan-schema-fields";

const modelSchema = z
  .union([
    z.string().min(1).describe("Local model name (e.g. codellama:34b)."),
    z
      .strictObject({
        local: z.string().min(1).optional().describe("Local model (e.g. an Ollama tag)."),
        cloud: z.string().min(1).optional().describe("Cloud model, used as fallback or instead."),
      })
      .refine((model) => model.local !== undefined || model.cloud !== undefined, {
        message: "give a local model, a cloud model or both",
      }),
  ])
  .describe("The model the track's agents use: a local model name, or { local, cloud }.");

const agentSchema = z
  .strictObject({
    name: z
      .string()
      .max(LIMITS.keyChars, { error: `agent names are at most ${LIMITS.keyChars} characters` })
      .regex(TRACK_KEY_PATTERN, { error: "agent names use ASCII letters (A–Z, a–z), digits, - and _ only" })
      .optional()
      .describe("Agent name, unique in its track (default: the track key, or key-1, key-2 … for several)."),
    command: nonEmptyCommand("the agent's command").describe("Shell command that runs the agent."),
    subAgents: z
      .number({ error: "expected a whole number of sub-agents" })
      .int({ error: "expected a whole number of sub-agents" })
      .min(0, { error: "must not be negative" })
      .default(0)
      .describe("How many sub-agents this agent spawns itself."),
    ...agentRuntimeFields,
  })
  .describe("One agent process of the track.");

const resourceDemands = z
  .record(z.string(), z.number({ error: "expected a number" }).min(0, { error: "must not be negative" }))
  .describe("Demand on the plan's extra resources, by name (e.g. gpuGB: 8).");

const envValue = z.union([z.string().max(LIMITS.envValueChars), z.number(), z.boolean()], {
  error: "environment values must be strings, numbers or booleans",
});

/** One entry of the plan's `tracks` list. */
export const trackSchema = z
  .strictObject({
    key: z
      .string({ error: "expected a short track key" })
      .max(LIMITS.keyChars, { error: `track keys are at most ${LIMITS.keyChars} characters` })
      .regex(TRACK_KEY_PATTERN, { error: "track keys use ASCII letters (A–Z, a–z), digits, - and _ only" })
      // A refinement, not a pattern: the API's track keys (lib/contracts) keep accepting runs made before it.
      .refine((key) => !key.startsWith("-"), {
        error:
          'track keys start with a letter, a digit or _: the CLI would read a leading "-" as an option ("paratrack track pause -a")',
      })
      .describe("Short id of the track (letters, digits, - and _), used by dependsOn and the CLI."),
    name: name("the track's name").optional().describe("Human name of the track (default: the key)."),
    priority: z
      .enum(["critical", "standard", "low"])
      .default("standard")
      .describe("Low-priority tracks are paused first under memory pressure; critical ones last."),
    tier: z.enum(["primary", "sub-agent"]).default("primary").describe("Primary agent or a sub-agent track."),
    ram: positiveSizeString
      .nullable()
      .optional()
      .describe("RAM estimate of the whole track (agents + sub-agents + local model), e.g. 11.976GB."),
    duration: durationString.nullable().optional().describe('Expected duration, e.g. "90m", "6h" or "2-3d".'),
    ramProfile: z
      .strictObject({
        rampTo: z
          .union([
            percent,
            z.string().regex(RAMP_PERCENT_PATTERN, { error: 'expected a percent such as "40%"' }),
          ])
          .describe('Percent of the duration by which memory reaches ram, e.g. "40%" or 40.'),
      })
      .optional()
      .describe(
        "How the track's memory grows (with ram and duration): other tracks may start while it is still small. Paratrack learns the real curve on the first run.",
      ),
    model: modelSchema.nullable().optional(),
    dependsOn: z
      .array(z.string({ error: "expected a track key" }).max(LIMITS.keyChars))
      .max(LIMITS.tracks)
      .optional()
      .describe("Keys of tracks that must complete before this one starts."),
    scope: z
      .array(z.string({ error: "expected a path glob" }).min(1).max(LIMITS.globChars))
      .max(LIMITS.scopeGlobs, { error: `a scope lists at most ${LIMITS.scopeGlobs} globs` })
      .optional()
      .describe("Path globs this track may change: its scope contract."),
    workdir: pathText
      .optional()
      .describe("Working directory of the agents (relative to the plan file; default: the plan's workdir)."),
    env: z
      .record(z.string().regex(ENV_NAME_PATTERN, { error: ENV_NAME_RULE }), envValue)
      .refine((env) => Object.keys(env).length <= LIMITS.envEntries, {
        message: `env lists at most ${LIMITS.envEntries} variables`,
      })
      .optional()
      .describe("Extra environment variables for the agents."),
    test: nonEmptyCommand("the test command")
      .nullable()
      .optional()
      .describe("The track's quality gate: a shell command that must pass when the track completes."),
    resources: resourceDemands.optional(),
    nice: niceness.optional().describe("CPU niceness of this track's agents (default: the plan's)."),
    command: nonEmptyCommand("the command")
      .optional()
      .describe("Shortcut for one agent named after the track key; use instead of agents."),
    subAgents: z
      .number({ error: "expected a whole number of sub-agents" })
      .int({ error: "expected a whole number of sub-agents" })
      .min(0, { error: "must not be negative" })
      .optional()
      .describe("With command: how many sub-agents that agent spawns."),
    kind: agentRuntimeFields.kind.describe(
      "With command: how that agent's output is read (see agents[].kind).",
    ),
    resume: agentRuntimeFields.resume.describe(
      "With command: how that agent's session is resumed (see agents[].resume).",
    ),
    ...trackRuntimeFields,
    ...executorFields,
    agents: z
      .array(agentSchema)
      .min(1, { error: "missing command: agents must list at least one agent" })
      .max(LIMITS.agentsPerTrack, { error: `a track has at most ${LIMITS.agentsPerTrack} agents` })
      .optional()
      .describe("The track's agent processes; give this or command."),
    worktree: z
      .boolean({ error: "expected true or false" })
      .optional()
      .describe(
        "With the plan's repo: work in an own git worktree on branch paratrack/<run8>/<track> (<run8> = the run id's first 8 characters; default true); false: the shared tree, for tracks that only read.",
      ),
  })
  .describe("A track: one stream of work run by one or more agent processes.");

/** A track after validation and defaults, before normalisation to TrackPlan. */
export type TrackFile = z.output<typeof trackSchema>;
