import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { planJobs } from "@/lib/engine/plan-worker/jobs";
import { describePeakAndPath, misfitHeadline, TierCard } from "./tier-card";

describe("misfitHeadline", () => {
  it("names what does not fit and what the time saved covers", () => {
    expect(misfitHeadline(["B"], ["A", "C"])).toBe("B does not fit: time saved is for A and C only");
    expect(misfitHeadline(["B", "D"], ["A"])).toBe("B and D do not fit: time saved is for A only");
  });

  it("says plainly when nothing fits", () => {
    expect(misfitHeadline(["A", "B"], [])).toBe("No track fits this machine: nothing can be planned");
  });
});

describe("describePeakAndPath", () => {
  it("says critical path, which is not the tracks of critical priority", () => {
    expect(describePeakAndPath(700e6, ["B", "C", "D"])).toBe(
      "Peak planned 700 MB · critical path (sets the makespan): B, C, D",
    );
  });

  it("leaves the path out when there is none", () => {
    expect(describePeakAndPath(700e6, [])).toBe("Peak planned 700 MB");
  });
});

describe("TierCard's capacity", () => {
  const result = planJobs.whatIf({
    source: ["name: x", "tracks:", "  - { key: A, ram: 1GB, duration: 2h, command: run }", ""].join("\n"),
    baseDir: "/plans",
    sample: null,
    configBudgetBytes: null,
  });
  if (!result.ok) throw new Error("expected a valid plan");
  const columns = result.view.columns;

  it("says a tier machine's memory in the app's decimal GB, as its capacity is", () => {
    const html = renderToStaticMarkup(createElement(TierCard, { column: columns[0]!, scaleMs: 1 }));
    const text = html.replace(/<[^>]*>/g, "");
    expect(text).toContain("capacity 12.9 GB (75 % of 17.2 GB (the 16GB tier");
    expect(text).not.toMatch(/GiB/);
  });

  it.each(columns.filter((c) => !c.isCurrent).map((c) => [c.label, c] as const))(
    "%s: no GiB beside GB",
    (_, column) => {
      expect(column.capacityBasis).not.toMatch(/GiB/);
      expect(column.capacityBasis).toMatch(/% of \d+(\.\d)? GB/);
    },
  );
});
