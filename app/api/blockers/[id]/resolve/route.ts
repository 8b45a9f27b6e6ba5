// POST /api/blockers/:id/resolve: the lead resolves a blocker by hand.
import { resolveBlocker } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(resolveBlocker, ({ engine, params }) =>
  engine.runs.coordination.resolveBlocker(params.id),
);
