// Runs named by a request (/api/runs/:id/…, ?runId=): an id that names no run, or not the run a route acts on, gets a
// 404 that says which id to use, instead of acting on the live run anyway or answering an empty list.
import type { Engine } from "../engine/engine";
import { NotFoundError } from "../engine/errors";

/** The live run (the one going on, or the last one, ended, until the next starts) when `id` names it; else a 404. */
export function liveRunNamed(engine: Engine, id: string): { id: string } {
  const run = engine.runs.activeRun();
  if (!run) throw new NotFoundError("no run is live in this server: start one first");
  if (id !== "current" && id !== run.id)
    throw new NotFoundError(`run "${id}" is not the live run; use "current" or its id ${run.id}`);
  return run;
}

/** A 404 when `?runId=` names no stored run (GET /api/runs lists them); nothing when it is left out. */
export async function requireRunIfNamed(engine: Engine, runId: string | undefined): Promise<void> {
  if (runId !== undefined && !(await engine.queries.runView(runId)))
    throw new NotFoundError(`no run "${runId}" (GET /api/runs lists the runs)`);
}
