// POST /api/tracks/:key/budget { maxCostUsd }: the lead changes a track's dollar budget while the run goes on.
import { setTrackBudget } from "@/lib/contracts/tracks";
import { NotFoundError } from "@/lib/engine/errors";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(setTrackBudget, async ({ engine, params, body }) => {
  await engine.runs.setBudget(params.key, body.maxCostUsd);
  const track = engine.runs.trackViews().find((t) => t.key === params.key);
  if (!track) throw new NotFoundError(`no track "${params.key}" in the run going on`);
  return track;
});
