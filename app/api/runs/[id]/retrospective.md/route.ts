// GET /api/runs/:id/retrospective.md: the run's retrospective document as a Markdown attachment.
import { retrospectiveMarkdown } from "@/lib/contracts/insights";
import { handle } from "@/lib/http/handle";
import { markdownResponse } from "../retrospective/markdown-response";

export const dynamic = "force-dynamic";

export const GET = handle(retrospectiveMarkdown, ({ engine, params }) => markdownResponse(engine, params.id));
