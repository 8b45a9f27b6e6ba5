// GET /api/runs/:id/retrospective: metrics, planned vs actual, decisions, pauses and the lead's entries
// (?format=md: the Markdown download). PUT { entries: [{ section, text }] } replaces the entries.
import { runRetrospective, saveRetroEntries } from "@/lib/contracts/insights";
import { createRetroService } from "@/lib/engine/retro-service";
import { handle } from "@/lib/http/handle";
import { markdownResponse } from "./markdown-response";

export const dynamic = "force-dynamic";

export const GET = handle(runRetrospective, ({ engine, params, query }) =>
  query.format === "md"
    ? markdownResponse(engine, params.id)
    : createRetroService(engine).retrospective(params.id),
);

export const PUT = handle(saveRetroEntries, ({ engine, params, body }) =>
  createRetroService(engine).saveEntries(params.id, body.entries),
);
