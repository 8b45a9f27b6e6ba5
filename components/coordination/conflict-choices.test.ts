import { describe, expect, it } from "vitest";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";
import { rulingChoices } from "./conflict-choices";
import { openConflict } from "./conflict-record.fixture";

const base = openConflict();

describe("rulingChoices", () => {
  it("puts the recommended ruling first, then every other choice once", () => {
    const choices = rulingChoices(base);
    expect(choices[0]).toMatchObject({
      recommended: true,
      label: "Resume A, keep B paused until it rebases",
      choice: { option: "keep-paused-until-rebase", resume: "A", hold: "B" },
    });
    expect(choices.map((c) => c.id)).toEqual([
      "hold:A:B",
      "hold:B:A",
      "widen:A",
      "widen:B",
      "reassign:A",
      "reassign:B",
      "dismiss",
    ]);
    expect(choices.filter((c) => c.recommended)).toHaveLength(1);
  });

  it("offers no 'until it rebases' for a ::touch conflict: it has no branch", () => {
    const touch: ConflictRecord = {
      ...base,
      source: "touch",
      key: null,
      kind: "overlapping-work",
      files: ["src/x.ts"],
      recommendation: null,
    };
    expect(rulingChoices(touch).map((c) => c.id)).toEqual([
      "widen:A",
      "widen:B",
      "reassign:A",
      "reassign:B",
      "dismiss",
    ]);
  });

  it("maps a widening recommendation, and offers nothing as recommended when the seed escalates", () => {
    const violation: ConflictRecord = {
      ...base,
      key: "scope-violation:A",
      kind: "scope-violation",
      trackKeys: ["A"],
      recommendation: {
        ...base.recommendation!,
        option: "widen-scope",
        scopeChanges: [{ trackKey: "A", add: ["x"] }],
      },
    };
    expect(rulingChoices(violation).map((c) => [c.id, c.recommended])).toEqual([
      ["widen:A", true],
      ["dismiss", false],
    ]);
    const escalated = { ...base, recommendation: { ...base.recommendation!, option: "escalate" as const } };
    expect(rulingChoices(escalated).some((c) => c.recommended)).toBe(false);
  });

  it("neither resumes nor pauses tracks that have ended, and names a scope ending in s as the possessive", () => {
    const ended = openConflict({
      trackKeys: ["notifications", "search"],
      recommendation: {
        ...base.recommendation!,
        resume: ["notifications"],
        hold: ["search"],
        ended: ["notifications", "search"],
      },
    });
    const choices = rulingChoices(ended);
    expect(choices[0]?.label).toBe(
      "Rule for the record: search rebases onto notifications before integration (both tracks have ended)",
    );
    expect(choices.map((c) => c.label).join(" | ")).not.toMatch(/Resume|paused/);
    expect(choices.find((c) => c.id === "widen:notifications")?.label).toBe(
      "Widen notifications' scope to src/shared.txt",
    );
  });
});
