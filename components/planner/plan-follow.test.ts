import { describe, expect, it } from "vitest";
import { describeSource, loadedSource } from "../common/replace-guard";
import { needsReplan, startedRunSource } from "./plan-follow";

describe("needsReplan", () => {
  it.each([
    ["an edit of the planned text", "name: b\n", "name: a\n", true],
    ["the text as planned", "name: a\n", "name: a\n", false],
    ["nothing planned yet", "name: a\n", null, true],
    ["an empty editor", "  \n", "name: a\n", false],
  ] as const)("%s", (_, text, planned, expected) => {
    expect(needsReplan(text, planned)).toBe(expected);
  });
});

describe("startedRunSource", () => {
  const edited = "name: UX planner start\ntracks: []\n";
  const before = loadedSource('Plan of run "UX plan one"', "name: UX plan one\n");

  it("names the run just started instead of an edit of the one loaded before", () => {
    expect(describeSource(before, edited)).toBe('Plan of run "UX plan one" (edited)');
    expect(describeSource(startedRunSource("UX planner start", edited), edited)).toBe(
      'Plan of run "UX planner start"',
    );
  });

  it("says edited again once the text changes after the start", () => {
    expect(describeSource(startedRunSource("UX planner start", edited), `${edited}# more\n`)).toBe(
      'Plan of run "UX planner start" (edited)',
    );
  });
});
