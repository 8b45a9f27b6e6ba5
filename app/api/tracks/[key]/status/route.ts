// GET /api/tracks/:key/status?date=: a track's daily status in the seed's fields; YAML when the client asks for it.
import { stringify } from "yaml";
import { trackStatus } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(trackStatus, async ({ engine, params, query, request }) => {
  const document = await engine.coordination.trackStatus(params.key, query.date, query.runId);
  const accept = request.headers.get("accept") ?? "";
  if (/\b(application|text)\/(x-)?yaml\b/.test(accept))
    return new Response(stringify(document), {
      headers: { "content-type": "application/yaml; charset=utf-8", "cache-control": "no-store" },
    });
  return document;
});
