// The plan-versus-actual Gantt of a run: GET /api/runs/:id/gantt ("current" = the live run, else the newest).
import { createGanttQuery } from "@/lib/engine/gantt-query";
import { toErrorResponse } from "@/lib/http/errors";
import { jsonError, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  try {
    const view = await createGanttQuery(engine).gantt(id === "current" ? undefined : id);
    if (!view) return jsonError(404, id === "current" ? "no run has started yet" : `no run "${id}"`);
    return Response.json(view);
  } catch (error) {
    return toErrorResponse(error);
  }
}
