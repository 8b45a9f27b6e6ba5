import { trackLogs } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(trackLogs, ({ engine, params, query }) =>
  engine.queries.trackLogs(params.key, query.tail, query.runId, query.attempt),
);
