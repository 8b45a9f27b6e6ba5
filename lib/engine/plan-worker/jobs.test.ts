import { describe, expect, it } from "vitest";
import { maskPlanEnv } from "../../domain/plan/plan-redact";
import { planJobs } from "./jobs";

describe("planJobs.whatIf", () => {
  it("plans a run's plan as the Planner loads it (env values and webhook masked), naming the masks as warnings", () => {
    const source = maskPlanEnv(
      [
        "name: x",
        'notify: { webhook: "https://hooks.example.com/T0/secret" }',
        "tracks:",
        "  - { key: a, ram: 1GB, duration: 1h, command: run, env: { API_KEY: sk-secret } }",
        "",
      ].join("\n"),
    );
    const result = planJobs.whatIf({ source, baseDir: "/plans", sample: null, configBudgetBytes: null });
    if (!result.ok) throw new Error(JSON.stringify(result.validation.errors));
    expect(result.view.tracks.map((t) => t.key)).toEqual(["a"]);
    expect(result.view.warnings.map((w) => [w.path, w.severity])).toEqual([
      ["notify.webhook", "warning"],
      ["tracks[0].env.API_KEY", "warning"],
    ]);
  });
});
