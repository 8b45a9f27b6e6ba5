// Tracks of a run: list, one track, its logs, the lead's actions, agents' reports.
import { z } from "zod";
import { LEAD_ACTIONS, type LeadAction } from "../domain/track-lifecycle";
import { limitQuery, maxCostUsd, runIdQuery, trackKey, trackKeyParam } from "./common";
import { endpoint } from "./endpoint";
import { logLineSchema, trackDetailViewSchema, trackViewSchema } from "./views/tracks";

const runQuery = z.object({ runId: runIdQuery });

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
  summary: "The last log lines of the latest attempt, all agents merged by time",
  access: "token",
  params: trackKeyParam,
  query: z.object({ runId: runIdQuery, tail: limitQuery("tail", 200, 5000) }),
  response: z.array(logLineSchema),
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
  body: z.strictObject({ mode: z.enum(["freeze", "free-memory"]).optional() }),
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
