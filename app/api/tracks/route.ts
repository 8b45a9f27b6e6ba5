import { listTracks } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listTracks, ({ engine, query }) => engine.queries.trackViews(query.runId));
