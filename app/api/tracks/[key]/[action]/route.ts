// POST /api/tracks/:key/{pause,resume,stop,restart}: real signals to the track's processes.
// Pause takes { mode: "free-memory" } to end the agents instead of freezing them (their memory is freed).
import { trackAction } from "@/lib/contracts/tracks";
import { InvalidInputError } from "@/lib/engine/errors";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(trackAction, ({ engine, params, body }) => {
  // A mode sent with another action would be ignored: "stop, freeing memory" would stop as usual without a word.
  if (body.mode !== undefined && params.action !== "pause")
    throw new InvalidInputError(
      `"mode" applies to pause only (POST /api/tracks/${params.key}/pause); ${params.action} takes an empty body`,
      { action: params.action, mode: body.mode },
    );
  if (body.startOver !== undefined && body.mode !== "free-memory")
    throw new InvalidInputError(`"startOver" goes with {"mode":"free-memory"} only`, {
      action: params.action,
      startOver: body.startOver,
    });
  return engine.runs.leadAction(params.key, params.action, {
    pauseMode: body.mode,
    ...(body.startOver === undefined ? {} : { startOver: body.startOver }),
  });
});
