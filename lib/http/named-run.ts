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

/**
 * The stored run `?runId=` names ("current": the live run, else the newest), or a 404 when it names none (GET
 * /api/runs lists them); undefined when it is left out.
 */
export async function namedRunId(engine: Engine, runId: string | undefined): Promise<string | undefined> {
  if (runId === undefined) return undefined;
  const run = await engine.queries.runView(runId);
  if (!run)
    throw new NotFoundError(
      runId === "current" ? "no run has started yet" : `no run "${runId}" (GET /api/runs lists the runs)`,
    );
  return run.id;
}
