// Liveness.
import { endpoint } from "./endpoint";

export const health = endpoint({
  method: "GET",
  path: "/api/health",
  summary: "{ ok, version, instanceId }: answers without a token",
  access: "public",
});
