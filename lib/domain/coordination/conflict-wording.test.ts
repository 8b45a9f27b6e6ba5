import { describe, expect, it } from "vitest";
import type { ConflictRecommendation } from "./change-conflict-types";
import { type LeadResolution, rulingText } from "./conflict-lifecycle";
import {
  choiceLabel,
  conflictName,
  conflictTitle,
  heldPauseReason,
  heldTrackAdvice,
  isHeldUntilRebase,
  recommendationText,
  stillHeldPauseReason,
} from "./conflict-wording";

const rec = (over: Partial<ConflictRecommendation>): ConflictRecommendation => ({
  option: "keep-paused-until-rebase",
  resume: [],
  hold: [],
  scopeChanges: [],
  decidedBy: "priority",
  reason: "",
  steps: [],
  ...over,
});

const AB = { trackKeys: ["A", "B"], files: ["src/shared.txt"] };

describe("recommendationText", () => {
  it.each([
    [rec({ resume: ["B"], hold: ["A"] }), AB, "Resume B, keep A paused until it rebases"],
    [
      rec({ option: "widen-scope", scopeChanges: [{ trackKey: "C", add: ["tools/oops.sh"] }] }),
      { trackKeys: ["C"], files: ["tools/oops.sh"] },
      "Widen C's scope to tools/oops.sh",
    ],
    [
      rec({ option: "reassign-files", scopeChanges: [{ trackKey: "A", add: ["x.ts"] }] }),
      { trackKeys: ["A", "B"], files: ["x.ts"] },
      "Reassign x.ts to A",
    ],
    [
      rec({ option: "reassign-files", scopeChanges: [{ trackKey: "A", add: ["x.ts"] }] }),
      { trackKeys: ["A"], files: ["x.ts"] },
      "Widen A's scope to x.ts",
    ],
    [rec({ option: "dismiss" }), AB, "Dismiss as acceptable"],
    [rec({ option: "escalate" }), AB, "the lead decides"],
  ])("%#: %o reads %s", (recommendation, conflict, text) => {
    expect(recommendationText({ ...conflict, recommendation })).toBe(text);
  });

  it("never shows the option's id", () => {
    const text = recommendationText({ ...AB, recommendation: rec({ resume: ["B"], hold: ["A"] }) });
    expect(text).not.toContain("keep-paused-until-rebase");
  });

  it.each([
    [["A", "B"], "Rule for the record: B rebases onto A before integration (both tracks have ended)"],
    [["B"], "Resume A; B has ended: it rebases onto A before integration"],
    [["A"], "Keep B paused until it rebases onto A (A has ended)"],
    [[], "Resume A, keep B paused until it rebases"],
  ])("with %o ended, a hold neither resumes nor pauses them: %s", (ended, text) => {
    const recommendation = rec({ resume: ["A"], hold: ["B"], ended });
    expect(recommendationText({ ...AB, recommendation })).toBe(text);
  });

  it("is null without a recommendation", () => {
    expect(recommendationText({ ...AB, recommendation: null })).toBeNull();
  });
});

describe("rulingText", () => {
  it.each<[LeadResolution, { trackKeys: string[]; files: string[]; ended?: string[] }, string[], string]>([
    [
      { option: "keep-paused-until-rebase", resume: "B", hold: "A" },
      AB,
      [],
      "B goes on, A waits until it rebases",
    ],
    [
      { option: "keep-paused-until-rebase", resume: "B", hold: "A" },
      { trackKeys: ["A", "B", "C"], files: ["f"] },
      [],
      "B and C go on, A waits until it rebases",
    ],
    [
      { option: "widen-scope", trackKey: "C" },
      { trackKeys: ["C"], files: ["tools/oops.sh"] },
      ["tools/**"],
      "C's scope widened by tools/**",
    ],
    [
      { option: "widen-scope", trackKey: "C" },
      { trackKeys: ["C"], files: ["tools/oops.sh"] },
      [],
      "C's scope widened by tools/oops.sh",
    ],
    [{ option: "reassign-files", trackKey: "A" }, AB, [], "src/shared.txt reassigned to A"],
    [
      { option: "keep-paused-until-rebase", resume: "B", hold: "A" },
      { ...AB, ended: ["A", "B"] },
      [],
      "A rebases onto B before integration",
    ],
    [
      { option: "keep-paused-until-rebase", resume: "B", hold: "A" },
      { ...AB, ended: ["A"] },
      [],
      "B goes on, A rebases onto B before integration",
    ],
    [
      { option: "widen-scope", trackKey: "notifications" },
      { trackKeys: ["notifications"], files: ["x.ts"] },
      [],
      "notifications' scope widened by x.ts",
    ],
    [{ option: "dismiss", note: "generated" }, AB, [], "dismissed as acceptable (generated)"],
  ])("%#: %o reads %s", (choice, conflict, globs, text) => {
    expect(rulingText(choice, conflict, globs)).toBe(text);
  });
});

describe("choiceLabel", () => {
  it("lists at most three files", () => {
    expect(choiceLabel({ option: "reassign-files", trackKey: "A" }, ["a", "b", "c", "d", "e"])).toBe(
      "Reassign a, b, c and 2 more to A",
    );
  });
});

describe("conflictName", () => {
  it.each([
    ["predicted-conflict", ["A", "B"], "the predicted merge conflict between A and B"],
    ["overlap", ["A", "B"], "the overlapping changes of A and B"],
    ["scope-violation", ["C"], "the scope violation by C"],
    ["out-of-scope", ["C"], "the change outside its scope by C"],
    ["overlapping-work", ["A", "B", "C"], "the overlapping work of A, B and C"],
  ] as const)("%s of %o: %s", (kind, keys, text) => {
    expect(conflictName(kind, keys)).toBe(text);
  });
});

describe("conflictTitle", () => {
  it("starts a line", () => {
    expect(conflictTitle("predicted-conflict", ["A", "B"])).toBe("Predicted merge conflict between A and B");
    expect(conflictTitle("scope-violation", ["C"])).toBe("Scope violation by C");
  });
});

describe("a held track", () => {
  it.each([
    [["B"], "held until it rebases onto B"],
    [["B", "C"], "held until it rebases onto B and C"],
    [[], "held until it rebases"],
  ])("%o: %s", (goingOn, reason) => {
    expect(heldPauseReason(goingOn)).toBe(reason);
    expect(isHeldUntilRebase(reason)).toBe(true);
  });

  it.each([null, "merging A and B would conflict in x", "paused by the lead"])(
    "%o is not a hold",
    (reason) => {
      expect(isHeldUntilRebase(reason)).toBe(false);
    },
  );

  it("tells the lead what to do", () => {
    expect(heldTrackAdvice("A")).toBe(
      "A resumes by itself once its branch no longer conflicts (rebased, or its changes reverted); Resume goes on now anyway.",
    );
  });
});

describe("stillHeldPauseReason", () => {
  const violation = {
    kind: "scope-violation" as const,
    trackKeys: ["right"],
    state: "open" as const,
    message: "track right changed 1 file outside its scope contract (src/b/**): shared/config.ts",
    ruling: null,
  };
  const held = {
    kind: "predicted-conflict" as const,
    trackKeys: ["left", "right"],
    state: "resolved" as const,
    message: "merging left and right would conflict in shared/config.ts",
    ruling: {
      choice: { option: "dismiss" as const },
      resumed: ["left"],
      held: ["right"],
      scopeChanges: [],
      summary: "",
    },
  };

  it("names the open conflict that still holds the track before any hold until rebase", () => {
    expect(stillHeldPauseReason([held, violation])).toBe(
      "Scope violation by right (open, waiting for the lead): track right changed 1 file outside its scope contract (src/b/**): shared/config.ts",
    );
  });

  it("says held until it rebases when only a ruling holds it, and nothing when nothing does", () => {
    expect(stillHeldPauseReason([held])).toBe("held until it rebases onto left");
    expect(stillHeldPauseReason([])).toBeNull();
  });
});
