// Prometheus scraping. Outside /api, where Prometheus looks by default; the same guard and token rules as the API.
import { endpoint } from "./endpoint";

export const prometheusMetrics = endpoint({
  method: "GET",
  path: "/metrics",
  summary:
    "Prometheus exposition: zone, memory per view, per-track memory and state, governor actions, Red→SIGSTOP reaction, agents and Slurm jobs by state",
  access: "token",
  produces: "text/plain; version=0.0.4",
});
