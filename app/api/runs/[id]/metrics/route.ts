import { runMetrics } from "@/lib/contracts/insights";
import { createRetroService } from "@/lib/engine/retro-service";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(runMetrics, ({ engine, params }) => createRetroService(engine).metrics(params.id));
