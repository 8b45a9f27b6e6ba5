// The plan-versus-actual Gantt of a run: GET /api/runs/:id/gantt ("current" = the live run, else the newest).
import { runSelector } from "@/lib/contracts/common";
import { runGantt } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(runGantt, async ({ engine, params }) => {
  const view = await engine.gantt.gantt(runSelector(params.id));
  return view ?? jsonError(404, params.id === "current" ? "no run has started yet" : `no run "${params.id}"`);
});
