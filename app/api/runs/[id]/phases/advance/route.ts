// POST /api/runs/:id/phases/advance { override?: { reason } }: closes the current phase's gate when it passes,
// or with the lead's reason (recorded as a "phase:advanced" event); 409 with the blocking items otherwise.
import { advancePhase } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(advancePhase, ({ engine, params, body }) =>
  engine.phases.advance(params.id, body),
);
