// GET /api/runs/:id/phases: every phase's validation gate (open gates evaluated now and stored) and the current phase.
import { createPhaseService } from "@/lib/engine/phase-service";
import { toErrorResponse } from "@/lib/http/errors";
import { requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  try {
    return Response.json(await createPhaseService(engine).phases(id));
  } catch (error) {
    return toErrorResponse(error);
  }
}
