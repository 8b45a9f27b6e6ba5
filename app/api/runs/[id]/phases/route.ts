import { runPhases } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(runPhases, ({ engine, params }) => engine.phases.phases(params.id));
