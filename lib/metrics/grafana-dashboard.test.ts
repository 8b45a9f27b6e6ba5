// docs/grafana-dashboard.json stays in step with the metrics: every family /metrics exposes has a panel.
import { readFileSync } from "node:fs";
import path from "node:path";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { expect, it } from "vitest";
import { createParatrackMetrics } from "./prometheus";

type Panel = { title: string; targets: { expr: string }[] };

it("charts every metric family, on a Prometheus data source chosen at import", async () => {
  const dashboard = JSON.parse(readFileSync(path.resolve("docs/grafana-dashboard.json"), "utf8")) as {
    panels: Panel[];
    __inputs: { name: string; type: string }[];
  };
  expect(dashboard.__inputs).toEqual([
    expect.objectContaining({ name: "DS_PROMETHEUS", type: "datasource" }),
  ]);
  const expressions = dashboard.panels
    .flatMap((panel) => panel.targets.map((target) => target.expr))
    .join("\n");
  const families = parsePrometheusTextFormat((await createParatrackMetrics().render()).body).map(
    (f) => f.name,
  );
  for (const family of families) expect(expressions, `no panel charts ${family}`).toContain(family);
  expect(new Set(dashboard.panels.map((panel) => panel.title)).size).toBe(dashboard.panels.length);
});
