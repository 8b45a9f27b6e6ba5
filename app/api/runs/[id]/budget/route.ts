// POST /api/runs/:id/budget { maxCostUsd }: the lead changes the live run's dollar budget ("current" or its id).
import { setRunBudget } from "@/lib/contracts/runs";
import { handle } from "@/lib/http/handle";
import { liveRunNamed } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const POST = handle(setRunBudget, async ({ engine, params, body }) => {
  const run = liveRunNamed(engine, params.id);
  await engine.runs.setBudget(null, body.maxCostUsd);
  return { runId: run.id, maxCostUsd: body.maxCostUsd };
});
