// The plan fields for real coding agents, kept together and spread into the plan and track objects: how an agent's
// output is read (kind) and resumed (resume), what tracks may spend (maxCostUsd, prices), when an agent needs the
// lead (idleMinutes, notify), and what it needs to start (requiresEnv).
import { z } from "zod";
import { AGENT_KINDS } from "../agents/agent-signals";
import { MASK } from "./plan-mask";
import { ENV_NAME_PATTERN, ENV_NAME_RULE } from "./plan-schema-fields";
import { SESSION_PLACEHOLDER } from "./shell-command";

const httpUrl = z.url({ protocol: /^https?$/ });

const dollars = (what: string) =>
  z.number({ error: `expected ${what} in US dollars (a number)` }).min(0, { error: "must not be negative" });

const idleMinutes = z
  .number({ error: "expected a number of minutes" })
  .positive({ error: "must be more than 0 minutes" })
  .describe("Minutes without any output after which the agent is taken to wait for the lead (attention).");

/** Agent fields: its output format and how to resume its session. */
export const agentRuntimeFields = {
  kind: z
    .enum(AGENT_KINDS)
    .optional()
    .describe(
      "How its output is read: claude (stream-json), codex (exec --json) or generic (:: lines). Default: recognised from the command.",
    ),
  resume: z
    .string({ error: `expected a command containing ${SESSION_PLACEHOLDER}` })
    .refine((text) => text.includes(SESSION_PLACEHOLDER), {
      message: `the resume command must contain ${SESSION_PLACEHOLDER}`,
    })
    .optional()
    .describe(
      `Command that resumes the agent's last session, e.g. "claude -p --resume ${SESSION_PLACEHOLDER} --output-format stream-json --verbose".`,
    ),
};

/** Track fields: its dollar budget, idle limit and required environment. */
export const trackRuntimeFields = {
  maxCostUsd: dollars("the track's budget")
    .optional()
    .describe("The track's budget in US dollars: an alert at 80 %, the track paused at 100 %."),
  idleMinutes: idleMinutes.optional(),
  requiresEnv: z
    .array(z.string({ error: ENV_NAME_RULE }).regex(ENV_NAME_PATTERN, { error: ENV_NAME_RULE }))
    .optional()
    .describe(
      "Environment variables the agents need (API keys …): checked before the run starts, never shown.",
    ),
};

const modelPriceSchema = z
  .strictObject({
    inputPerMTok: dollars("the price per million input tokens"),
    outputPerMTok: dollars("the price per million output tokens"),
    cachedInputPerMTok: dollars("the price per million cached input tokens")
      .optional()
      .describe("Default: the input price."),
    cacheWritePerMTok: dollars("the price per million tokens written to the prompt cache")
      .optional()
      .describe("Default: the input price."),
  })
  .describe("US dollars per million tokens.");

/** Plan-wide fields: the run's budget, the price table, defaults and notifications. */
export const planRuntimeFields = {
  maxCostUsd: dollars("the run's budget")
    .optional()
    .describe("The whole run's budget in US dollars: an alert at 80 %, every running track paused at 100 %."),
  prices: z
    .record(z.string().min(1), modelPriceSchema)
    .optional()
    .describe(
      "Prices by model name, for agents that report tokens but not dollars (Codex, ::tokens). A model without a price has an unknown cost.",
    ),
  idleMinutes: idleMinutes.optional().describe("Default idleMinutes of the tracks."),
  notify: z
    .strictObject({
      webhook: z
        .string({ error: "expected an http(s) URL" })
        // The mask passes here: findMaskedValues says what to do about it (plan-checks-env).
        .refine((text) => text === MASK || httpUrl.safeParse(text).success, {
          message: "expected an http(s) URL",
        })
        .meta({ format: "uri" })
        .optional()
        .describe("URL that receives a POST with JSON when a track needs the lead."),
    })
    .optional()
    .describe("Where Paratrack tells the lead that a track needs them (besides the browser)."),
};
