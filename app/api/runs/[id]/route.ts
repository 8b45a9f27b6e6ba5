import { runSelector } from "@/lib/contracts/common";
import { deleteRun, getRun } from "@/lib/contracts/runs";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** A run with its tracks; "current" means the live run, else the newest. */
export const GET = handle(getRun, async ({ engine, params }) => {
  const run = await engine.queries.runView(runSelector(params.id));
  if (!run)
    return jsonError(404, params.id === "current" ? "no run has started yet" : `no run "${params.id}"`);
  return { ...run, tracks: await engine.queries.trackViews(run.id) };
});

/** Deletes an ended run by its id ("current" is refused: a deletion names what it deletes). */
export const DELETE = handle(deleteRun, async ({ engine, params }) => {
  if (params.id === "current") return jsonError(400, 'name the run to delete by its id, not "current"');
  return engine.deletion.deleteRun(params.id);
});
