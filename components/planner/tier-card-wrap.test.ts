// A track key may be 64 characters without a space: the strategy lines and the critical path that name it must wrap
// inside the machine's card instead of running over the cards beside it (grid items do not shrink below their
// longest word unless told to).
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { planJobs } from "@/lib/engine/plan-worker/jobs";
import { TierCard } from "./tier-card";

describe("TierCard with a long track key", () => {
  it("lets its text wrap anywhere inside the card", () => {
    const key = "K".repeat(64);
    const result = planJobs.whatIf({
      source: ["name: x", "tracks:", `  - { key: ${key}, ram: 1GB, duration: 2h, command: run }`, ""].join(
        "\n",
      ),
      baseDir: "/plans",
      sample: null,
      configBudgetBytes: null,
    });
    if (!result.ok) throw new Error("expected a valid plan");
    const html = renderToStaticMarkup(
      createElement(TierCard, { column: result.view.columns[0]!, scaleMs: 1 }),
    );
    const section = /<section[^>]*class="([^"]*)"/.exec(html)?.[1] ?? "";
    expect(section.split(" ")).toEqual(expect.arrayContaining(["min-w-0", "wrap-anywhere"]));
  });
});
