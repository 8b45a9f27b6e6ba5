// POST /api/runs/:id/phases/:phase/ticks { itemKey, note?, checked, by? }: the lead ticks (or unticks) a manual item.
import { z } from "zod";
import { createPhaseService, parsePhaseParam } from "@/lib/engine/phase-service";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, jsonError, readBody, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const tickBody = z
  .object({
    itemKey: z.string().min(1).max(200),
    note: z.string().max(2000).nullish(),
    checked: z.boolean(),
    by: z.string().min(1).max(64).optional(),
  })
  .strict();

export async function POST(request: Request, ctx: { params: Promise<{ id: string; phase: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const { id, phase: phaseParam } = await ctx.params;
  const phase = parsePhaseParam(phaseParam);
  if (phase === null) return jsonError(404, `no phase "${phaseParam}" (phases are 1 to 5)`);
  const parsed = await readBody(request, tickBody);
  if (!parsed.ok) return parsed.response;
  try {
    return Response.json(await createPhaseService(engine).tick(id, phase, parsed.data));
  } catch (error) {
    return toErrorResponse(error);
  }
}
