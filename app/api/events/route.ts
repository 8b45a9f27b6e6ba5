import { listEvents } from "@/lib/contracts/events";
import { handle } from "@/lib/http/handle";
import { namedRunId } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(listEvents, async ({ engine, query }) => {
  return engine.listEvents({
    limit: query.limit,
    runId: await namedRunId(engine, query.runId),
    trackKey: query.track,
    kindPrefix: query.kind,
  });
});
