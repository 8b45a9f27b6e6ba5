import { getTrack } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(getTrack, ({ engine, params, query }) =>
  engine.queries.trackDetail(params.key, query.runId),
);
