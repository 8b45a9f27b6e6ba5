import { listEvents } from "@/lib/contracts/events";
import { handle } from "@/lib/http/handle";
import { namedRunId } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(listEvents, async ({ engine, query }) => {
  return engine.listEvents({
    limit: query.limit,
    // Track keys repeat from run to run: a track without a run means the current run's track.
    runId: await namedRunId(engine, query.runId ?? (query.track !== undefined ? "current" : undefined)),
    trackKey: query.track,
    kindPrefix: query.kind,
  });
});
