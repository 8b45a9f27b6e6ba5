// GET /api/runs/:id/retrospective.md: the run's retrospective document as a Markdown attachment.
import { requireEngine } from "@/lib/http/respond";
import { markdownResponse } from "../retrospective/markdown-response";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  return markdownResponse(engine, id);
}
