// Per-track memory over time for the stacked area: GET /api/memory/tracks?since=<ISO>&runId=
import { trackMemory } from "@/lib/contracts/memory";
import { handle } from "@/lib/http/handle";
import { namedRunId } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(trackMemory, async ({ engine, query }) => {
  const runId = await namedRunId(engine, query.runId);
  return engine.queries.trackMemory(query.since ?? new Date(Date.now() - 10 * 60_000), runId);
});
