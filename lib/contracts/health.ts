// Liveness.
import { endpoint } from "./endpoint";
import { healthSchema } from "./views/runs";

export const health = endpoint({
  method: "GET",
  path: "/api/health",
  summary:
    "{ ok, version, instanceId, database, role }: answers without a token; 200 while the server runs, ok false while the database does not answer",
  access: "public",
  response: healthSchema,
});
