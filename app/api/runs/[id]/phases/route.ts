import { runPhases } from "@/lib/contracts/insights";
import { createPhaseService } from "@/lib/engine/phase-service";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(runPhases, ({ engine, params }) => createPhaseService(engine).phases(params.id));
