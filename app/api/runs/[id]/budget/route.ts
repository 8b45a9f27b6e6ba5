// POST /api/runs/:id/budget { maxCostUsd }: the lead changes the live run's dollar budget ("current" or its id).
import { setRunBudget } from "@/lib/contracts/runs";
import { NotFoundError } from "@/lib/engine/errors";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(setRunBudget, async ({ engine, params, body }) => {
  const run = engine.runs.activeRun();
  if (!run || (params.id !== "current" && params.id !== run.id))
    throw new NotFoundError(`run "${params.id}" is not the run going on`);
  await engine.runs.setBudget(null, body.maxCostUsd);
  return { runId: run.id, maxCostUsd: body.maxCostUsd };
});
