// Liveness.
import { endpoint } from "./endpoint";
import { healthSchema } from "./views/runs";

export const health = endpoint({
  method: "GET",
  path: "/api/health",
  summary: "{ ok, version, instanceId }: answers without a token",
  access: "public",
  response: healthSchema,
});
