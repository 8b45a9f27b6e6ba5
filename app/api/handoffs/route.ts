// GET /api/handoffs: the plan's handoffs in a run, with artifacts (sha256), document and acknowledgement.
import { listHandoffs } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listHandoffs, ({ engine, query }) => engine.coordination.handoffs(query.runId));
