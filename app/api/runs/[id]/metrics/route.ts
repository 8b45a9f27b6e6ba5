// GET /api/runs/:id/metrics: the seed's success metrics for the run, each with its target and threshold.
import { createRetroService } from "@/lib/engine/retro-service";
import { toErrorResponse } from "@/lib/http/errors";
import { requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  try {
    return Response.json(await createRetroService(engine).metrics(id));
  } catch (error) {
    return toErrorResponse(error);
  }
}
