// POST /api/handoffs/:from/:to/acknowledge: the lead acknowledges a delivered handoff.
import { acknowledgeHandoff } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(acknowledgeHandoff, ({ engine, params }) =>
  engine.runs.coordination.acknowledgeHandoff(params.from, params.to),
);
