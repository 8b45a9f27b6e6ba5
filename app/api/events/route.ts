import { listEvents } from "@/lib/contracts/events";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listEvents, ({ engine, query }) =>
  engine.listEvents({
    limit: query.limit,
    runId: query.runId,
    trackKey: query.track,
    kindPrefix: query.kind,
  }),
);
