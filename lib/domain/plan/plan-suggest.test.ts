// "Did you mean": two swapped letters are one slip of the fingers, so short field names typed that way get their
// suggestion too ("nmae" → "name"), as the README promises for unknown fields.
import { describe, expect, it } from "vitest";
import { suggestName } from "./plan-suggest";
import { validatePlan } from "./plan-validate";

describe("suggestName", () => {
  it.each([
    ["nmae", "name"],
    ["kye", "key"],
    ["tset", "test"],
    ["knid", "kind"],
    ["ram", "ram"],
    ["comand", "command"],
    ["depends_on", "dependsOn"],
  ])("suggests %s → %s", (typo, meant) => {
    expect(suggestName(typo, ["key", "name", "ram", "test", "kind", "command", "dependsOn"])).toBe(meant);
  });

  it("suggests nothing for a word unlike any candidate", () => {
    expect(suggestName("colour", ["name", "ram", "tracks"])).toBeUndefined();
  });
});

describe("validatePlan: unknown field with swapped letters", () => {
  it("suggests the field that was meant", () => {
    const result = validatePlan(
      ["name: x", "tracks:", "  - key: a", "    nmae: A", "    command: run"].join("\n"),
      {
        fileName: "plan.yaml",
        baseDir: "/plans",
        effectiveTotalBytes: null,
      },
    );
    expect(result.ok).toBe(false);
    const messages = result.ok ? [] : result.errors.map((e) => e.message);
    expect(messages.join("\n")).toContain('unknown field "nmae" (did you mean "name"?)');
  });
});
