import { describe, expect, it } from "vitest";
import { afterPaste, describeSource, hasOwnEdits, loadedSource, NO_SOURCE } from "./replace-guard";

describe("hasOwnEdits", () => {
  it.each([
    ["", "", false],
    ["  \n", "plan", false],
    ["plan", "plan", false],
    ["plan, edited", "plan", true],
    ["typed by hand", "", true],
  ])("%j after loading %j: %s", (text, loaded, edited) => {
    expect(hasOwnEdits(text, loaded)).toBe(edited);
  });
});

describe("describeSource", () => {
  const demo = loadedSource('Plan of run "Demo"', "name: demo\n");
  it.each([
    ["as loaded", demo, "name: demo\n", 'Plan of run "Demo"'],
    ["edited by hand", demo, "name: demo\n# mine\n", 'Plan of run "Demo" (edited)'],
    ["pasted over", afterPaste(demo, true), "name: other\n", "pasted"],
    ["pasted over, then edited", afterPaste(demo, true), "name: other\n# mine\n", "pasted"],
    ["a snippet pasted in", afterPaste(demo, false), "name: demo\n# pasted\n", 'Plan of run "Demo" (edited)'],
    ["emptied", demo, "", null],
    ["nothing loaded, typed", NO_SOURCE, "name: x\n", null],
    ["nothing loaded, pasted", afterPaste(NO_SOURCE, true), "name: x\n", "pasted"],
  ] as const)("%s", (_, source, text, label) => {
    expect(describeSource(source, text)).toBe(label);
  });

  it("a load after a paste names the loaded plan again", () => {
    expect(describeSource(loadedSource("Workflow example", "s"), "s")).toBe("Workflow example");
  });
});
