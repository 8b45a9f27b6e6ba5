// POST /api/tracks/:key/{pause,resume,stop,restart}: real signals to the track's processes.
import { trackAction } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(trackAction, ({ engine, params }) =>
  engine.runs.leadAction(params.key, params.action),
);
