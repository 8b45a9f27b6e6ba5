import { runMetrics } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(runMetrics, ({ engine, params }) => engine.retro.metrics(params.id));
