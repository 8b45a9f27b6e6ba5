// Memory: the latest sample, its history, per-track memory over time.
import { z } from "zod";
import { isoTimeQuery, limitQuery, runIdQuery } from "./common";
import { endpoint } from "./endpoint";
import { memorySampleSchema, trackMemoryPointSchema } from "./views/runs";

export const latestMemory = endpoint({
  method: "GET",
  path: "/api/memory",
  summary: "The latest memory sample: zone, views, tier, swap, PSI",
  access: "token",
  response: memorySampleSchema,
});

export const memoryHistory = endpoint({
  method: "GET",
  path: "/api/memory/history",
  summary: "Samples, oldest first (1 s for the last hour, minute aggregates before)",
  access: "token",
  query: z.object({ since: isoTimeQuery("since"), limit: limitQuery("limit", 600, 10_000) }),
  response: z.array(memorySampleSchema),
});

export const trackMemory = endpoint({
  method: "GET",
  path: "/api/memory/tracks",
  summary: "Per-track memory points of a run (default: the last 10 minutes)",
  access: "token",
  query: z.object({ since: isoTimeQuery("since"), runId: runIdQuery }),
  response: z.array(trackMemoryPointSchema),
});
