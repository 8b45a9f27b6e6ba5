// POST /api/server/stop { agents?: "detach" | "stop" }: `paratrack stop`. Answers at once; the server then stops.
import { stopServer } from "@/lib/contracts/server";
import { getServerStop } from "@/lib/engine/registry";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

export const POST = handle(stopServer, ({ engine, body }) => {
  const stop = getServerStop();
  if (!stop) return jsonError(409, "this process is not a Paratrack server that can be stopped this way");
  const agents = body.agents ?? engine.config.onShutdown;
  stop(agents);
  return { stopping: true, agents };
});
