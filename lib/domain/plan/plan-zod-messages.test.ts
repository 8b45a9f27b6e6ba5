// Text written unquoted that YAML reads as a number or boolean (key: 1, key: true, name: 1.5) is told to be quoted,
// wherever a string is expected; other type errors get no such hint.
import { describe, expect, it } from "vitest";
import { errorsOf, messageAt } from "./plan-fixtures";

describe("plan messages: a number or boolean where text is expected", () => {
  it.each([
    [
      "    key: 1",
      "tracks[0].key",
      'expected a short track key, got 1; YAML reads it as a number: quote it to make it text, e.g. key: "1"',
    ],
    [
      "    key: true",
      "tracks[0].key",
      'expected a short track key, got true; YAML reads it as a boolean: quote it to make it text, e.g. key: "true"',
    ],
    [
      "    name: 1.5",
      "tracks[0].name",
      'expected a string, got 1.5; YAML reads it as a number: quote it to make it text, e.g. name: "1.5"',
    ],
  ])("%s is told to quote it", (line, path, expected) => {
    const errors = errorsOf(["name: x", "tracks:", "  - command: run", line]);
    expect(messageAt(errors, path)).toBe(expected);
  });

  it("hints at list items and agent names too, the item's own form for a list", () => {
    const errors = errorsOf([
      "name: 2024",
      "tracks:",
      "  - key: a",
      "    dependsOn: [1]",
      "    agents:",
      "      - name: 12",
      "        command: run",
    ]);
    expect(messageAt(errors, "name")).toMatch(
      /; YAML reads it as a number: quote it to make it text, e\.g\. name: "2024"$/,
    );
    expect(messageAt(errors, "tracks[0].dependsOn[0]")).toMatch(/quote it to make it text, e\.g\. "1"$/);
    expect(messageAt(errors, "tracks[0].agents[0].name")).toMatch(/e\.g\. name: "12"$/);
  });

  it("gives no quoting hint where a number is expected, or for a value that is not a number or boolean", () => {
    const errors = errorsOf([
      "name: x",
      "maxConcurrent: many",
      "tracks:",
      "  - key: [a]",
      "    command: run",
    ]);
    expect(messageAt(errors, "maxConcurrent")).toBe('expected a whole number, got "many"');
    expect(messageAt(errors, "tracks[0].key")).toBe("expected a short track key, got a list");
  });
});

describe("plan messages: a bare number where a size or a duration is expected", () => {
  it.each([
    [
      "    ram: 512",
      "tracks[0].ram",
      'expected a size such as "8GB", "512MiB" or "800MB", got 512: add its unit, e.g. "512MB"',
    ],
    [
      "    duration: 90",
      "tracks[0].duration",
      'expected a duration such as "90m", "6h" or a range "2-3d", got 90: add its unit, e.g. "90m"',
    ],
  ])(
    "%s is told to add its unit, not to quote it (quoted, it would still have none)",
    (line, path, expected) => {
      const errors = errorsOf(["name: x", "tracks:", "  - command: run", "    key: a", line]);
      expect(messageAt(errors, path)).toBe(expected);
    },
  );

  it("the same for the budget", () => {
    const errors = errorsOf(["name: x", "ram:", "  budget: 8", "tracks:", "  - command: run", "    key: a"]);
    expect(messageAt(errors, "ram.budget")).toBe(
      'expected "auto" or a size such as "8GB", "512MiB" or "800MB", got 8: add its unit, e.g. "8GB"',
    );
  });
});
