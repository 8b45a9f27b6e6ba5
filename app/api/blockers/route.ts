// GET /api/blockers: the run's blockers board.
import { listBlockers } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listBlockers, ({ engine, query }) => engine.coordination.blockers(query.runId));
