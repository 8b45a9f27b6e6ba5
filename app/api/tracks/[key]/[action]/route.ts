// POST /api/tracks/:key/{pause,resume,stop,restart}: real signals to the track's processes.
import { LEAD_ACTIONS, type LeadAction } from "@/lib/domain/track-lifecycle";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, jsonError, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export async function POST(request: Request, ctx: { params: Promise<{ key: string; action: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const { key, action } = await ctx.params;
  if (!LEAD_ACTIONS.includes(action as LeadAction)) {
    return jsonError(404, `unknown action "${action}" (expected ${LEAD_ACTIONS.join(", ")})`);
  }
  try {
    return Response.json(await engine.runs.leadAction(key, action as LeadAction));
  } catch (error) {
    return toErrorResponse(error);
  }
}
