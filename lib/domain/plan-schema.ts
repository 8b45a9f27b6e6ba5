// The plan file as people write it (YAML), described once with zod: validation, defaults and the editor's JSON Schema.
import { z } from "zod";
import { PLAN_LIMITS as LIMITS } from "./plan-limits";
import { agentRuntimeFields, planRuntimeFields, trackRuntimeFields } from "./plan-schema-agents";
import { executorFields } from "./plan-schema-executor";
import { DURATION_FORM, parseDuration, parseSize, SIZE_FORM } from "./units";

// JSON Schema patterns for editors; they accept exactly what parseSize / parseDuration accept (a test holds them to it).
export const SIZE_JSON_PATTERN = "^\\s*\\d+(?:\\.\\d+)?\\s*(?:[bB]|[kKmMgGtT](?:[iI]?[bB])?)?\\s*$";
export const DURATION_JSON_PATTERN =
  "^\\s*\\d+(?:\\.\\d+)?\\s*(?:-\\s*\\d+(?:\\.\\d+)?)?\\s*(?:s|m|min|h|d|w)\\s*$";

export const TRACK_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
/** ramProfile.rampTo written as text: "40%" (0–100). */
export const RAMP_PERCENT_PATTERN = /^\s*(?:100(?:\.0+)?|\d{1,2}(?:\.\d+)?)\s*%\s*$/;

/** ramProfile.rampTo as a number of percent. */
export function parseRampTo(rampTo: number | string): number {
  return typeof rampTo === "number" ? rampTo : Number.parseFloat(rampTo);
}
const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const DEFAULT_ZONES = { yellow: 60, orange: 75, red: 85, hysteresis: 2 } as const;
export const DEFAULT_GRACE_SECONDS = 5;
export const DEFAULT_SETTLE_SECONDS = 10;
export const DEFAULT_BACKFILL_SECONDS = 300;
/** Agents run at this CPU niceness unless the plan says otherwise, so the governor keeps sampling under load. */
export const DEFAULT_NICE = 10;
/** When the daily status documents are written unless the plan says otherwise (server time). */
export const DEFAULT_STATUS_AT = "18:00";

const niceness = z
  .number({ error: "expected a niceness from 0 to 19" })
  .int({ error: "expected a whole niceness from 0 to 19" })
  .min(0, { error: "niceness is from 0 (normal) to 19 (lowest CPU priority)" })
  .max(19, { error: "niceness is from 0 (normal) to 19 (lowest CPU priority)" });

const sizeString = z
  .string({ error: `expected ${SIZE_FORM}` })
  .refine((text) => parseSize(text) !== null, { message: `expected ${SIZE_FORM}` })
  .meta({ pattern: SIZE_JSON_PATTERN });

const durationString = z
  .string({ error: `expected ${DURATION_FORM}` })
  .refine((text) => parseDuration(text) !== null, {
    message: `expected ${DURATION_FORM} (a range must not run backwards)`,
  })
  .meta({ pattern: DURATION_JSON_PATTERN });

const percent = z
  .number({ error: "expected a percent (a number from 0 to 100)" })
  .min(0, { error: "must be a percent from 0 to 100" })
  .max(100, { error: "must be a percent from 0 to 100" });

const nonEmptyCommand = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .max(LIMITS.commandChars, { error: `${what} is longer than ${LIMITS.commandChars} characters` })
    .refine((text) => text.trim() !== "", {
      message: `missing command: ${what} is empty`,
    });

const name = (what: string) =>
  z
    .string()
    .min(1)
    .max(LIMITS.nameChars, { error: `${what} is longer than ${LIMITS.nameChars} characters` });

const pathText = z
  .string()
  .min(1)
  .max(LIMITS.pathChars, { error: `a path is longer than ${LIMITS.pathChars} characters` });

const zonesSchema = z
  .strictObject({
    yellow: percent
      .default(DEFAULT_ZONES.yellow)
      .describe("Yellow starts at this percent of the effective total."),
    orange: percent.default(DEFAULT_ZONES.orange).describe("Orange starts here: new tracks wait."),
    red: percent
      .default(DEFAULT_ZONES.red)
      .describe("Red starts here: the governor pauses low-priority tracks."),
    hysteresis: percent
      .default(DEFAULT_ZONES.hysteresis)
      .describe("Points below a threshold that use must fall before the zone eases, so it does not flap."),
  })
  .describe("RAM zone thresholds in percent; they must increase strictly (yellow < orange < red).");

const ramPolicySchema = z
  .strictObject({
    budget: z
      .string({ error: `expected "auto" or ${SIZE_FORM}` })
      .refine((text) => text.trim() === "auto" || parseSize(text) !== null, {
        message: `expected "auto" or ${SIZE_FORM}`,
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
      .min(0)
      .default(DEFAULT_GRACE_SECONDS)
      .describe(
        "Seconds the zone may stay Red after pausing (SIGSTOP frees no memory) before the governor stops and requeues a track.",
      ),
    settleSeconds: z
      .number({ error: "expected a number of seconds" })
      .min(0)
      .default(DEFAULT_SETTLE_SECONDS)
      .describe(
        "Seconds use must stay below the Yellow line before the governor resumes paused tracks (one at a time) or admits new ones.",
      ),
    backfillSeconds: z
      .number({ error: "expected a number of seconds" })
      .min(0)
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
      .regex(TRACK_KEY_PATTERN, { error: "agent names use letters, digits, - and _ only" })
      .optional()
      .describe("Agent name, unique in its track (default: the track key, or key-1, key-2 … for several)."),
    command: nonEmptyCommand("the agent's command").describe("Shell command that runs the agent."),
    subAgents: z
      .number({ error: "expected a whole number of sub-agents" })
      .int({ error: "expected a whole number of sub-agents" })
      .min(0)
      .default(0)
      .describe("How many sub-agents this agent spawns itself."),
    ...agentRuntimeFields,
  })
  .describe("One agent process of the track.");

const resourceDemands = z
  .record(z.string(), z.number({ error: "expected a number" }).min(0))
  .describe("Demand on the plan's extra resources, by name (e.g. gpuGB: 8).");

const envValue = z.union([z.string().max(LIMITS.envValueChars), z.number(), z.boolean()], {
  error: "environment values must be strings, numbers or booleans",
});

export const trackSchema = z
  .strictObject({
    key: z
      .string({ error: "expected a short track key" })
      .max(LIMITS.keyChars, { error: `track keys are at most ${LIMITS.keyChars} characters` })
      .regex(TRACK_KEY_PATTERN, { error: "track keys use letters, digits, - and _ only" })
      .describe("Short id of the track (letters, digits, - and _), used by dependsOn and the CLI."),
    name: name("the track's name").optional().describe("Human name of the track (default: the key)."),
    priority: z
      .enum(["critical", "standard", "low"])
      .default("standard")
      .describe("Low-priority tracks are paused first under memory pressure; critical ones last."),
    tier: z.enum(["primary", "sub-agent"]).default("primary").describe("Primary agent or a sub-agent track."),
    ram: sizeString
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
      .record(
        z.string().regex(ENV_NAME_PATTERN, { error: "not a valid environment variable name" }),
        envValue,
      )
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
      .min(0)
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
        "With the plan's repo: work in an own git worktree on branch paratrack/<run>/<track> (default true); false: the shared tree, for tracks that only read.",
      ),
  })
  .describe("A track: one stream of work run by one or more agent processes.");

// Git coordination (issue 13): the repository, where branches start, handoffs between tracks, the integration phase.
const handoffSchema = z
  .strictObject({
    from: z
      .string({ error: "expected a track key" })
      .describe("The track that hands over, once it completes."),
    to: z.string({ error: "expected a track key" }).describe("The track that receives the artifacts."),
    artifacts: z
      .array(z.string({ error: "expected a path glob" }).min(1))
      .min(1, { error: "list at least one artifact glob" })
      .describe("Path globs (in the sender's worktree) copied into the receiver's worktree, with sha256."),
    acknowledge: z
      .enum(["auto", "lead"], { error: 'expected "auto" or "lead"' })
      .optional()
      .describe(
        'Who acknowledges the handoff: "auto" (default) when the receiver\'s agent starts; "lead": the receiver starts only once the lead has acknowledged it.',
      ),
  })
  .describe("Phase 4: when `from` completes and passes its quality gate, its artifacts go to `to`.");

const integrationSchema = z
  .strictObject({
    test: nonEmptyCommand("the integration test command")
      .optional()
      .describe("Shell command run on the integration branch once every track branch has merged."),
    branch: z
      .string()
      .min(1)
      .optional()
      .describe("The integration branch (default: paratrack/<run>/integration)."),
  })
  .describe("Phase 5: merge the track branches (fewest predicted conflicts first), then run the test.");

const gitCoordinationFields = {
  repo: z
    .string()
    .min(1)
    .optional()
    .describe(
      "A git repository (relative to the plan file): each track gets its own worktree and branch, and conflicts are read from real changes.",
    ),
  base: z
    .string()
    .min(1)
    .optional()
    .describe("Commit, branch or tag the track branches start from (default: the repository's HEAD)."),
  handoffs: z.array(handoffSchema).optional(),
  integration: integrationSchema.optional(),
  status: z
    .strictObject({
      at: z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
          error: 'expected a time of day "HH:MM" (24-hour), e.g. "18:00"',
        })
        .optional()
        .describe(
          'When each day the tracks\' daily status documents are written (server time; default "18:00").',
        ),
    })
    .optional()
    .describe("Daily status (the seed's YAML): generated per track every day at `at`, and on demand."),
};

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
      .min(1)
      .optional()
      .describe("Most tracks running at once (default: the RAM tier's limit)."),
    resources: z
      .record(z.string(), z.number({ error: "expected a capacity number" }).positive())
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
export type TrackFile = z.output<typeof trackSchema>;

/** JSON Schema (draft 2020-12) of the plan file, for editors (yaml-language-server). */
export function planJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(planFileSchema, { io: "input", target: "draft-2020-12" }) as Record<string, unknown>;
}

/** Field names allowed at a path of the plan file, or [] when the path is not an object there (for "did you mean"). */
export function listKnownKeys(path: readonly PropertyKey[]): string[] {
  let schema: z.ZodType | undefined = planFileSchema;
  for (const segment of path) {
    schema = stepInto(schema, segment);
    if (!schema) return [];
  }
  const object = unwrapToObject(schema);
  return object ? Object.keys(object.shape) : [];
}

function stepInto(schema: z.ZodType | undefined, segment: PropertyKey): z.ZodType | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodArray && typeof segment === "number") return inner.element as z.ZodType;
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  const object = unwrapToObject(inner);
  if (object && typeof segment === "string") return object.shape[segment] as z.ZodType | undefined;
  return undefined;
}

function unwrapToObject(schema: z.ZodType | undefined): z.ZodObject | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return inner;
  if (inner instanceof z.ZodUnion) {
    for (const option of inner.options) {
      const object = unwrapToObject(option as z.ZodType);
      if (object) return object;
    }
  }
  return undefined;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    if (
      current instanceof z.ZodOptional ||
      current instanceof z.ZodNullable ||
      current instanceof z.ZodDefault
    ) {
      current = current.unwrap() as z.ZodType;
    } else if (current instanceof z.ZodPipe) {
      current = current.in as z.ZodType;
    } else {
      return current;
    }
  }
}
