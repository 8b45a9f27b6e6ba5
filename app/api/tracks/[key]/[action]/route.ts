// POST /api/tracks/:key/{pause,resume,stop,restart}: real signals to the track's processes.
// Pause takes { mode: "free-memory" } to end the agents instead of freezing them (their memory is freed).
import { trackAction } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(trackAction, ({ engine, params, body }) =>
  engine.runs.leadAction(params.key, params.action, { pauseMode: body.mode }),
);
