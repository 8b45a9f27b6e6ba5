// GET /api/runs/:id/integration: phase 5's latest integration and final report; POST: start one (live run).
import { runSelector } from "@/lib/contracts/common";
import { getIntegration, startIntegration } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";
import { liveRunNamed } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(getIntegration, async ({ engine, params }) => ({
  integration: await engine.coordination.integration(runSelector(params.id)),
}));

export const POST = handle(startIntegration, ({ engine, params }) => {
  liveRunNamed(engine, params.id);
  return engine.runs.coordination.integrate();
});
