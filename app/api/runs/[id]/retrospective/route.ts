// GET /api/runs/:id/retrospective: metrics, planned vs actual, decisions, pauses and the lead's entries
// (?format=md: the Markdown download). PUT { entries: [{ section, text }] } replaces the entries.
import { z } from "zod";
import { RETRO_SECTIONS } from "@/lib/domain/retrospective";
import { createRetroService } from "@/lib/engine/retro-service";
import { toErrorResponse } from "@/lib/http/errors";
import { authorize, readBody, requireEngine } from "@/lib/http/respond";
import { markdownResponse } from "./markdown-response";

export const dynamic = "force-dynamic";

const entriesBody = z
  .object({
    entries: z
      .array(
        z
          .object({ section: z.enum(RETRO_SECTIONS as [string, ...string[]]), text: z.string().max(4000) })
          .strict(),
      )
      .max(300),
  })
  .strict();

export async function GET(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const { id } = await ctx.params;
  if (new URL(request.url).searchParams.get("format") === "md") return markdownResponse(engine, id);
  try {
    return Response.json(await createRetroService(engine).retrospective(id));
  } catch (error) {
    return toErrorResponse(error);
  }
}

export async function PUT(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const denied = authorize(engine, request);
  if (denied) return denied;
  const { id } = await ctx.params;
  const parsed = await readBody(request, entriesBody);
  if (!parsed.ok) return parsed.response;
  try {
    const entries = parsed.data.entries.map((e) => ({
      section: e.section as (typeof RETRO_SECTIONS)[number],
      text: e.text,
    }));
    return Response.json(await createRetroService(engine).saveEntries(id, entries));
  } catch (error) {
    return toErrorResponse(error);
  }
}
