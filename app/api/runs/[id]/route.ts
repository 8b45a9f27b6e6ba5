import { runSelector } from "@/lib/contracts/common";
import { getRun } from "@/lib/contracts/runs";
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
