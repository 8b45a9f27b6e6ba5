// POST /api/tracks/:key/attention: the lead acknowledges that the track needs them.
import { acknowledgeAttention } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(acknowledgeAttention, ({ engine, params }) =>
  engine.runs.acknowledgeAttention(params.key),
);
