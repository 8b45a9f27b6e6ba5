// The event log.
import { z } from "zod";
import { limitQuery, runIdQuery } from "./common";
import { endpoint } from "./endpoint";
import { ptEventSchema } from "./views/shared";

export const listEvents = endpoint({
  method: "GET",
  path: "/api/events",
  summary:
    "Events, newest first (?kind=governor lists kinds starting with that text; ?track= without ?runId= is that track in the current run)",
  access: "token",
  query: z.object({
    limit: limitQuery("limit", 50, 1000),
    runId: runIdQuery,
    track: z.string().min(1).max(64).optional(),
    kind: z.string().min(1).max(64).optional(),
  }),
  response: z.array(ptEventSchema),
});
