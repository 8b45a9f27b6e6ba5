// Mistakes a lead makes writing a plan by hand: each is told once, at its place, with what to write instead.
import { describe, expect, it } from "vitest";
import { errorsOf, messageAt } from "./plan-fixtures";
import { validatePlan } from "./plan-validate";

const TRACK = ["name: x", "tracks:", "  - key: a", "    command: run"];

describe("plan mistakes: a duration in another form", () => {
  it.each([
    ["2-1h", 'got "2-1h": the range runs backwards; write the shorter end first, e.g. "1-2h"'],
    ["1h30m", 'got "1h30m": a duration has one number and one unit, e.g. "90m"'],
    ["1d 12h", 'got "1d 12h": a duration has one number and one unit, e.g. "36h"'],
    ["2 hours", 'got "2 hours": write the unit short, e.g. "2h"'],
    ["2-3 days", 'got "2-3 days": write the unit short, e.g. "2-3d"'],
    ["soon", '(units s, m or min, h, d, w), got "soon"'],
  ])("duration: %s says what to write", (duration, expected) => {
    const message = messageAt(errorsOf([...TRACK, `    duration: ${duration}`]), "tracks[0].duration");
    expect(message).toBe(
      `expected a duration such as "90m", "6h" or a range "2-3d"${expected.startsWith("(") ? " " : ", "}${expected}`,
    );
  });
});

describe("plan mistakes: a value of a neighbouring shape", () => {
  it.each([
    [
      "    dependsOn: b",
      "tracks[0].dependsOn",
      'expected a list, got "b"; write a list, e.g. dependsOn: [b]',
    ],
    [
      "    dependsOn: b, c",
      "tracks[0].dependsOn",
      'expected a list, got "b, c"; write a list, e.g. dependsOn: [b, c]',
    ],
    [
      "    scope: src/**",
      "tracks[0].scope",
      'expected a list, got "src/**"; write a list, e.g. scope: ["src/**"]',
    ],
    [
      "    ram: { budget: 8GB }",
      "tracks[0].ram",
      'expected a size such as "8GB", "512MiB" or "800MB", got a mapping; a track\'s ram is its estimate (ram: 4GB): the budget goes in the plan\'s ram, at the top',
    ],
    ["    agents: run", "tracks[0].agents", 'expected a list, got "run"'],
  ])("%s", (line, path, expected) => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: a",
      line,
      ...(line.includes("agents") ? [] : ["    command: run"]),
    ]);
    expect(messageAt(errors, path)).toBe(expected);
  });

  it("the budget written as the plan's ram is told where it goes", () => {
    const errors = errorsOf(["name: x", "ram: 32GB", "tracks:", "  - key: a", "    command: run"]);
    expect(messageAt(errors, "ram")).toBe(
      'expected a mapping, got "32GB"; the plan\'s ram holds the memory policy: write ram: { budget: 32GB } for the budget',
    );
  });
});

describe("plan mistakes: one mistake, one error", () => {
  it.each(["comand", "commands", "agent"])(
    'a misspelt "%s" is an unknown field only, not also a missing command',
    (field) => {
      const errors = errorsOf(["name: x", "tracks:", "  - key: a", `    ${field}: run`]);
      expect(errors.map((issue) => issue.path)).toEqual([`tracks[0].${field}`]);
    },
  );

  it.each([
    [
      "an agent's comand",
      ["name: x", "tracks:", "  - key: a", "    agents:", "      - comand: run"],
      ["tracks[0].agents[0].comand"],
    ],
    [
      "the plan's nmae and a track's kye",
      ["nmae: x", "tracks:", "  - kye: a", "    command: run"],
      ["nmae", "tracks[0].kye"],
    ],
  ])("%s: the unknown field only, not also the required one as missing", (_, lines, paths) => {
    expect(errorsOf(lines).map((issue) => issue.path)).toEqual(paths);
  });

  it("a track with no command at all is still told so", () => {
    const errors = errorsOf(["name: x", "tracks:", "  - key: a", "    ram: 1GB"]);
    expect(messageAt(errors, "tracks[0]")).toBe('missing command: track "a" needs "command" or "agents"');
  });
});

describe("plan mistakes: an alias of an anchor never set", () => {
  it.each([
    ["no such anchor", ["name: x", "tracks:", "  - key: a", "    command: *cmd"]],
    [
      "the anchor set after it",
      ["name: x", "tracks:", "  - key: a", "    command: *cmd", "  - key: b", "    command: &cmd run"],
    ],
  ])("%s: pointed at the alias", (_, lines) => {
    const [issue] = errorsOf(lines);
    expect(issue).toMatchObject({
      line: 4,
      column: 14,
      message: "YAML: Unresolved alias (the anchor must be set before the alias): cmd",
    });
  });
});

describe("plan mistakes: a size with a comma", () => {
  it.each([
    [
      "    ram: 1,5GB",
      "tracks[0].ram",
      'got "1,5GB": write it with a decimal point, not a comma, e.g. "1.5GB"',
    ],
    [
      "    ram: 1,000MB",
      "tracks[0].ram",
      'got "1,000MB": write it without the thousands separator, e.g. "1000MB"',
    ],
  ])("%s", (line, path, expected) => {
    const message = messageAt(errorsOf([...TRACK, line]), path);
    expect(message).toBe(`expected a size such as "8GB", "512MiB" or "800MB", ${expected}`);
  });

  it("the budget too", () => {
    const errors = errorsOf(["name: x", 'ram: { budget: "1,5GB" }', ...TRACK.slice(1)]);
    expect(messageAt(errors, "ram.budget")).toBe(
      'expected "auto" or a size such as "8GB", "512MiB" or "800MB", got "1,5GB": write it with a decimal point, not a comma, e.g. "1.5GB"',
    );
  });
});

describe("plan mistakes: a track's name in dependsOn", () => {
  it("is told the key it names", () => {
    const errors = errorsOf([
      "name: x",
      "tracks:",
      "  - key: api",
      "    name: Backend API",
      "    command: run",
      "  - key: ui",
      "    command: run",
      "    dependsOn: [Backend API]",
    ]);
    expect(messageAt(errors, "tracks[1].dependsOn[0]")).toBe(
      'unknown track "Backend API" in dependsOn ("Backend API" is the name of track "api": dependsOn lists keys); tracks are: api, ui',
    );
  });
});

describe("plan mistakes: YAML slips, told what usually causes them", () => {
  it.each([
    [
      "a command with an unquoted colon",
      ["    command: claude -p fix: the bug"],
      { line: 4, column: 14 },
      'YAML: Nested mappings are not allowed in compact mappings: the value here holds ": " (quote it, e.g. command: "claude -p \'fix: the bug\'"), or the next line is indented deeper than the fields beside it',
    ],
    [
      "a field indented deeper than its neighbours (said once, not with its echo)",
      ["    command: run", "      ram: 4GB"],
      { line: 4, column: 14 },
      'YAML: Nested mappings are not allowed in compact mappings: the value here holds ": " (quote it, e.g. command: "claude -p \'fix: the bug\'"), or the next line is indented deeper than the fields beside it',
    ],
    [
      "a field indented less than its neighbours",
      ["    command: run", "   ram: 4GB"],
      { line: 5, column: 1 },
      'YAML: Sequence item without - indicator: this line is indented less than the fields above it (line it up with them), or a list item lacks its "- "',
    ],
    [
      "a tab",
      ["\tcommand: run"],
      { line: 4, column: 1 },
      "YAML: Tabs are not allowed as indentation: indent with spaces",
    ],
  ])("%s", (_, lines, place, message) => {
    const errors = errorsOf(["name: x", "tracks:", "  - key: a", ...lines]);
    expect(errors).toEqual([expect.objectContaining({ ...place, message })]);
  });
});

describe("plan mistakes: a field at the wrong level", () => {
  it("a track's field at the top is told to move into a track", () => {
    const errors = errorsOf(["name: x", "priority: critical", ...TRACK.slice(1)]);
    expect(messageAt(errors, "priority")).toMatch(
      /^unknown field "priority" \("priority" is a track's field: move it into each track that needs it, under tracks:\); allowed here: /,
    );
  });

  it("a plan's field in a track is told to move to the top", () => {
    const errors = errorsOf([...TRACK, "    maxConcurrent: 2"]);
    expect(messageAt(errors, "tracks[0].maxConcurrent")).toMatch(
      /^unknown field "maxConcurrent" \("maxConcurrent" is the plan's field: move it to the top of the file, beside name:\); allowed here: /,
    );
  });

  it("a misspelling is not said to belong elsewhere", () => {
    const errors = errorsOf([...TRACK, "    dependson: []"]);
    expect(messageAt(errors, "tracks[0].dependson")).toMatch(
      /^unknown field "dependson" \(did you mean "dependsOn"\?\); allowed here: /,
    );
  });
});

describe("plan mistakes: a list item's dash without its space", () => {
  const item = (line: number, column: number, message: string) => [{ line, column, message }];
  it.each([
    [
      "the first track",
      ["  -key: a", "    command: run"],
      item(3, 3, '"-key: a": a list item needs a space after "-"; write "- key: a"'),
    ],
    [
      "the second track (not the parser's column and nesting complaints)",
      ["  - key: a", "    command: run", "  -key: b", "    command: run"],
      item(5, 3, '"-key: b": a list item needs a space after "-"; write "- key: b"'),
    ],
    [
      "the only line of the only track (no parser error, not a list of tracks written as a mapping)",
      ["  -key: a"],
      item(3, 3, '"-key: a": a list item needs a space after "-"; write "- key: a"'),
    ],
    [
      "the dash at the first column",
      ["-key: a", "  command: run"],
      item(3, 1, '"-key: a": a list item needs a space after "-"; write "- key: a"'),
    ],
    [
      "the fields below lined up with the word after the dash",
      ["  -key: a", "   command: run"],
      item(
        3,
        3,
        '"-key: a": a list item needs a space after "-"; write "- key: a" and line up the fields below it with "key"',
      ),
    ],
    [
      "each of two tracks",
      ["  -key: a", "    command: run", "  -key: b", "    command: run"],
      [
        ...item(3, 3, '"-key: a": a list item needs a space after "-"; write "- key: a"'),
        ...item(5, 3, '"-key: b": a list item needs a space after "-"; write "- key: b"'),
      ],
    ],
    [
      "two spaces after the dash, the fields below lined up for one",
      ["  -  key: a", "    command: run"],
      item(
        3,
        3,
        '"-  key: a" has 2 spaces after "-", but line 4 below is lined up for one; write "- key: a"',
      ),
    ],
    [
      "an agent",
      ["  - key: a", "    agents:", "      -command: run"],
      item(5, 7, '"-command: run": a list item needs a space after "-"; write "- command: run"'),
    ],
    [
      "a dependency",
      ["  - key: a", "    command: run", "    dependsOn:", "      -b", "  - key: b", "    command: run"],
      item(6, 7, '"-b": a list item needs a space after "-"; write "- b"'),
    ],
    [
      "with a comment, and a slip elsewhere still told",
      ["  - key: a", "    command: run # first", "  -key: b # second", "    command: run: now"],
      [
        ...item(5, 3, '"-key: b": a list item needs a space after "-"; write "- key: b"'),
        ...item(
          6,
          14,
          'YAML: Nested mappings are not allowed in compact mappings: the value here holds ": " (quote it, e.g. command: "claude -p \'fix: the bug\'"), or the next line is indented deeper than the fields beside it',
        ),
      ],
    ],
  ])("%s", (_, lines, expected) => {
    const errors = errorsOf(["name: x", "tracks:", ...lines]);
    expect(errors.map(({ line, column, message }) => ({ line, column, message }))).toEqual(expected);
  });

  it("a resource named with a leading dash is a name, not a slip", () => {
    const lines = [
      "name: x",
      "resources:",
      "  -gpu: 1",
      "tracks:",
      "  - key: a",
      "    ram: 1GB",
      "    command: run",
    ];
    const result = validatePlan(lines.join("\n"), {
      fileName: "plan.yaml",
      baseDir: "/plans",
      effectiveTotalBytes: null,
    });
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });

  it("an unusual but valid layout is not a slip: wide dashes, an item's first field on the next line", () => {
    const lines = [
      "name: x",
      "tracks:",
      "  -   key: A",
      "      ram: 50MB",
      "      command: echo a",
      "  -",
      "    key: B",
      "    ram: 50MB",
      "    command: echo b",
    ];
    const result = validatePlan(lines.join("\n"), {
      fileName: "plan.yaml",
      baseDir: "/plans",
      effectiveTotalBytes: null,
    });
    expect(result).toMatchObject({ ok: true, warnings: [] });
  });
});

describe('plan mistakes: a track without its "- "', () => {
  const TRACK_A_LINES = ["  - key: a", "    command: run"];
  it.each([
    [
      "at the column of the dashes, its fields below it",
      [...TRACK_A_LINES, "  key: b", "  command: run"],
      { line: 5, column: 3, path: "" },
      'line 5 starts a track without its "- ": each track starts with "- "; write "- key: b" and line up the fields below it with "key"',
    ],
    [
      "at the column of the dashes, its fields already lined up for the dash",
      [...TRACK_A_LINES, "", "  key: b", "    command: run"],
      { line: 6, column: 3, path: "" },
      'line 6 starts a track without its "- ": each track starts with "- "; write "- key: b"',
    ],
    [
      "the third track",
      [...TRACK_A_LINES, "  - key: b", "    command: run", "  key: c", "  command: run"],
      { line: 7, column: 3, path: "" },
      'line 7 starts a track without its "- ": each track starts with "- "; write "- key: c" and line up the fields below it with "key"',
    ],
    [
      "at the column of the fields: not a duplicate key per field of the track above",
      [...TRACK_A_LINES, "    key: b", "    command: run"],
      { line: 5, column: 5, path: "tracks[0].key" },
      'line 5 gives "key" again (first on line 3): each track starts with "- ", so this line goes on with the track above; to start a new track here, write "- key: b"',
    ],
    [
      "the only track: not a list of tracks written as a mapping",
      ["  key: a", "  command: run"],
      { line: 3, column: 3, path: "" },
      'line 3 starts a track without its "- ": each track starts with "- "; write "- key: a" and line up the fields below it with "key"',
    ],
    [
      "tracks at the first column: not a track's field at the top",
      ["- key: a", "  command: run", "key: b", "command: run"],
      { line: 5, column: 1, path: "" },
      'line 5 starts a track without its "- ": each track starts with "- "; write "- key: b" and line up the fields below it with "key"',
    ],
    [
      "a field at the column of the dashes: either a track or the track above's",
      [...TRACK_A_LINES, "  ram: 4GB"],
      { line: 5, column: 3, path: "" },
      'line 5 is at the column of the "- " above but has none: each track starts with "- " (write "- ram: 4GB"); if it belongs to the track above, indent it to line up with that track\'s fields',
    ],
  ])("%s", (_, lines, place, message) => {
    const errors = errorsOf(["name: x", "tracks:", ...lines]);
    expect(errors).toEqual([expect.objectContaining({ ...place, message })]);
  });

  it.each([
    [
      "a field given twice in a track",
      [...TRACK, "    ram: 1GB", "    ram: 2GB"],
      "tracks[0].ram",
      'duplicate key "ram" (first given on line 5); a key may appear once',
    ],
    [
      "the key given twice in a track written on one line",
      ["name: x", "tracks:", "  - { key: a, key: b, command: run }"],
      "tracks[0].key",
      'duplicate key "key" (first given on line 3); a key may appear once',
    ],
  ])("%s is still a duplicate", (_, lines, path, message) => {
    expect(messageAt(errorsOf(lines), path)).toBe(message);
  });
});
