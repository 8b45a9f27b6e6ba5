// The retrospective as a Markdown download; shared by ?format=md and /retrospective.md.
import type { Engine } from "@/lib/engine/engine";

export async function markdownResponse(engine: Engine, runId: string): Promise<Response> {
  const { fileName, markdown } = await engine.retro.markdown(runId);
  return new Response(markdown, {
    headers: {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
}
