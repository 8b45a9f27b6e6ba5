// GET /api/conflicts: a run's conflicts with their evidence, recommended resolution and the lead's ruling.
import { listConflicts } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listConflicts, ({ engine, query }) => engine.coordination.conflicts(query.runId));
