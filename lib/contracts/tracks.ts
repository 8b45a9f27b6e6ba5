// Tracks of a run: list, one track, its logs, the lead's actions, agents' reports.
import { z } from "zod";
import { LEAD_ACTIONS, type LeadAction } from "../domain/phases/track-lifecycle";
import { limitQuery, maxCostUsd, runIdQuery, trackKey, trackKeyParam } from "./common";
import { endpoint } from "./endpoint";
import { logLineSchema, trackDetailViewSchema, trackViewSchema } from "./views/tracks";

const runQuery = z.object({ runId: runIdQuery });

/** An attempt's number: 1, 2, … as the track's agents list them. */
const attemptNumber = z.coerce
  .number({ error: "attempt must be a number" })
  .int("attempt must be a whole number")
  .min(1, "attempts are counted from 1")
  .max(1_000_000);

export const listTracks = endpoint({
  method: "GET",
  path: "/api/tracks",
  summary: "Tracks of a run (default: the live run, else the newest)",
  access: "token",
  query: runQuery,
  response: z.array(trackViewSchema),
});

export const getTrack = endpoint({
  method: "GET",
  path: "/api/tracks/{key}",
  summary: "One track with its agents, live processes, reports and events",
  access: "token",
  params: trackKeyParam,
  query: runQuery,
  response: trackDetailViewSchema,
});

export const trackLogs = endpoint({
  method: "GET",
  path: "/api/tracks/{key}/logs",
  summary: "The last log lines of an attempt (default: the latest), all agents merged by time",
  access: "token",
  params: trackKeyParam,
  query: z.object({
    runId: runIdQuery,
    tail: limitQuery("tail", 200, 5000),
    attempt: attemptNumber.optional(),
  }),
  response: z.array(logLineSchema),
});

export const attemptLog = endpoint({
  method: "GET",
  path: "/api/tracks/{key}/attempts/{attempt}/log",
  summary:
    "One attempt's whole log as a text download (its agents' log files as the engine recorded them, rotated part first)",
  access: "token",
  params: z.object({ key: trackKey, attempt: attemptNumber }),
  query: z.object({ runId: runIdQuery, agent: z.string().min(1).max(100).optional() }),
  produces: "text/plain",
});

export const trackAction = endpoint({
  method: "POST",
  path: "/api/tracks/{key}/{action}",
  summary: "Pause (SIGSTOP), resume (SIGCONT), stop or restart a track",
  access: "token",
  params: z.object({
    key: trackKey,
    action: z.enum(LEAD_ACTIONS as [LeadAction, ...LeadAction[]], {
      error: `unknown action (expected ${LEAD_ACTIONS.join(", ")})`,
    }),
  }),
  // Only pause takes an argument: how to pause. "freeze" (default) sends SIGSTOP, the memory stays taken;
  // "free-memory" ends the agents and resumes them later (with their resume command when they have one).
  // An agent that cannot resume (no resume command or no session) starts over: refused (409) without startOver.
  body: z.strictObject({
    mode: z.enum(["freeze", "free-memory"]).optional(),
    startOver: z.boolean().optional(),
  }),
  emptyBody: {},
  response: trackViewSchema,
});

export const reportTrack = endpoint({
  method: "POST",
  path: "/api/tracks/{key}/report",
  summary:
    "An agent's daily status (the seed's fields: progress_percent, status, completed_today, blockers…)",
  access: "report",
  params: trackKeyParam,
  body: z.record(z.string(), z.unknown(), {
    error: "the report must be a JSON object with the daily-status fields",
  }),
  response: trackViewSchema,
});

export const acknowledgeAttention = endpoint({
  method: "POST",
  path: "/api/tracks/{key}/attention",
  summary: "The lead saw that the track needs them: its attention clears and its idle clock starts again",
  access: "token",
  params: trackKeyParam,
  body: z.strictObject({}),
  emptyBody: {},
  response: trackViewSchema,
});

export const setTrackBudget = endpoint({
  method: "POST",
  path: "/api/tracks/{key}/budget",
  summary: "Change a track's dollar budget (maxCostUsd; null: none) while the run goes on",
  access: "token",
  params: trackKeyParam,
  body: z.strictObject({ maxCostUsd: maxCostUsd }),
  response: trackViewSchema,
});
