// The server itself.
import { z } from "zod";
import { endpoint } from "./endpoint";
import { serverStoppingSchema } from "./views/runs";

export const stopServer = endpoint({
  method: "POST",
  path: "/api/server/stop",
  summary:
    'Stop the server; agents "detach" (keep running, re-attached at the next start) or "stop" (end with it); default PARATRACK_ON_SHUTDOWN',
  access: "token",
  body: z.strictObject({ agents: z.enum(["detach", "stop"]).optional() }),
  emptyBody: {},
  status: 202,
  response: serverStoppingSchema,
});
