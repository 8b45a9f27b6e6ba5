// /metrics says whether the database answers and how many of the engine's writes wait for it, asked at the scrape.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { expect, it } from "vitest";
import { createEngineMetrics } from "./engine-metrics";

async function gauge(render: () => Promise<{ body: string }>, name: string): Promise<number> {
  const family = parsePrometheusTextFormat((await render()).body).find((f) => f.name === name);
  return Number(family?.metrics[0]?.value);
}

it("exposes paratrack_database_up and paratrack_write_queue_length as the database's state is at the scrape", async () => {
  const metrics = createEngineMetrics();
  const database = { state: "available" as "available" | "unavailable", waiting: 0 };
  metrics.watchDatabase({ check: async () => database.state, pending: () => database.waiting });
  const render = () => metrics.render();
  expect(await gauge(render, "paratrack_database_up")).toBe(1);
  expect(await gauge(render, "paratrack_write_queue_length")).toBe(0);
  database.state = "unavailable";
  database.waiting = 176;
  expect(await gauge(render, "paratrack_database_up")).toBe(0);
  expect(await gauge(render, "paratrack_write_queue_length")).toBe(176);
});
