import { listEvents } from "@/lib/contracts/events";
import { handle } from "@/lib/http/handle";
import { requireRunIfNamed } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(listEvents, async ({ engine, query }) => {
  await requireRunIfNamed(engine, query.runId);
  return engine.listEvents({
    limit: query.limit,
    runId: query.runId,
    trackKey: query.track,
    kindPrefix: query.kind,
  });
});
