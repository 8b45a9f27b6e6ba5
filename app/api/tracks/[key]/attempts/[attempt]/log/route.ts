// GET /api/tracks/:key/attempts/:attempt/log: one attempt's whole log as a plain-text attachment.
import { attemptLog } from "@/lib/contracts/tracks";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(attemptLog, async ({ engine, params, query }) => {
  const { fileName, body } = await engine.queries.attemptLog(params.key, params.attempt, {
    ...(query.runId ? { runId: query.runId } : {}),
    ...(query.agent ? { agent: query.agent } : {}),
  });
  return new Response(body, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      "cache-control": "no-store",
    },
  });
});
