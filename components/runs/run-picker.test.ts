import { describe, expect, it } from "vitest";
import type { RunView } from "@/lib/domain/views";
import { runOptions } from "./run-picker";

const run: RunView = {
  id: "r1",
  name: "Demo",
  status: "completed",
  phase: 5,
  startedAt: "2026-12-07T10:00:00.000Z",
  endedAt: "2026-12-07T11:00:00.000Z",
  budgetBytes: null,
  trackCount: 3,
};

const selected = (value: string, runs: RunView[] | undefined) =>
  runOptions(value, runs).find((o) => o.value === value)?.label;

describe("runOptions", () => {
  it("offers the current run and every stored one", () => {
    expect(runOptions("current", [run]).map((o) => o.value)).toEqual(["current", "r1"]);
    expect(selected("current", [run])).toBe("Current (live or newest)");
  });

  it("shows an id the listed runs do not have (an older run, or none: the page says which), not Current", () => {
    expect(selected("nonexistent", [run])).toBe("Run nonexistent");
    expect(selected("older", [])).toBe("Run older");
  });

  it("shows the asked id while the runs are loading or could not be loaded", () => {
    expect(selected("nonexistent", undefined)).toBe("Run nonexistent");
    expect(selected("r1", undefined)).toBe("Run r1");
  });

  it("names a stored run once, by its name", () => {
    const options = runOptions("r1", [run]);
    expect(options.filter((o) => o.value === "r1")).toHaveLength(1);
    expect(selected("r1", [run])).toMatch(/^Demo · .* · completed$/);
  });
});
