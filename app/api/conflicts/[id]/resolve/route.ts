// POST /api/conflicts/:id/resolve: the lead's ruling (hold until rebase, widen a scope, reassign files, dismiss).
import { resolveConflict } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(resolveConflict, ({ engine, params, body }) =>
  engine.runs.coordination.resolveConflict(params.id, body),
);
