import { toErrorResponse } from "@/lib/http/errors";
import { jsonError, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** A run with its tracks; "current" means the live run, else the newest. */
export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  try {
    const run = await engine.queries.runView(id === "current" ? undefined : id);
    if (!run) return jsonError(404, id === "current" ? "no run has started yet" : `no run "${id}"`);
    return Response.json({ ...run, tracks: await engine.queries.trackViews(run.id) });
  } catch (error) {
    return toErrorResponse(error);
  }
}
