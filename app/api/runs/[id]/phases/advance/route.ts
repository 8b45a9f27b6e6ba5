// POST /api/runs/:id/phases/advance { override?: { reason } }: closes the current phase's gate when it passes,
// or with the lead's reason (recorded as a "phase:advanced" event); 409 with the blocking items otherwise.
import { z } from "zod";
import { createPhaseService } from "@/lib/engine/phase-service";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, jsonError, readBody, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const advanceBody = z
  .object({
    override: z
      .object({ reason: z.string().max(2000) })
      .strict()
      .optional(),
    by: z.string().min(1).max(64).optional(),
  })
  .strict();

export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const { id } = await ctx.params;
  // An empty body means "advance without override".
  const parsed = await readBody(request, advanceBody, { emptyBody: {} });
  if (!parsed.ok) return parsed.response;
  if (parsed.data.override && parsed.data.override.reason.trim() === "") {
    return jsonError(400, "override.reason must not be empty: say why the gate is overridden");
  }
  try {
    return Response.json(await createPhaseService(engine).advance(id, parsed.data));
  } catch (error) {
    return toErrorResponse(error);
  }
}
