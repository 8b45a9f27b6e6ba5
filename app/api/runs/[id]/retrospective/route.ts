// GET /api/runs/:id/retrospective: metrics, planned vs actual, decisions, pauses and the lead's entries
// (?format=md: the Markdown download). PUT { entries: [{ section, text }] } replaces the entries.
import { runRetrospective, saveRetroEntries } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";
import { markdownResponse } from "./markdown-response";

export const dynamic = "force-dynamic";

export const GET = handle(runRetrospective, ({ engine, params, query }) =>
  query.format === "md" ? markdownResponse(engine, params.id) : engine.retro.retrospective(params.id),
);

export const PUT = handle(saveRetroEntries, ({ engine, params, body }) =>
  engine.retro.saveEntries(params.id, body.entries),
);
