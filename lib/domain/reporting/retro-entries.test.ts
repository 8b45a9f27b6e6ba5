import { describe, expect, it } from "vitest";
import { RETRO_ENTRIES_MAX, RETRO_ENTRY_MAX_CHARS, readRetroDraft } from "./retro-entries";

const empty = { "worked-well": "", improvements: "", lessons: "" };

describe("readRetroDraft", () => {
  it("makes one entry per non-empty line, trimmed, in section order", () => {
    expect(readRetroDraft({ ...empty, lessons: " a \n\nb", "worked-well": "w" })).toEqual({
      entries: [
        { section: "worked-well", text: "w" },
        { section: "lessons", text: "a" },
        { section: "lessons", text: "b" },
      ],
      problems: [],
    });
  });

  it.each([
    [
      { ...empty, lessons: "x".repeat(5000) },
      ["Lessons learned: at most 4,000 characters per line (5,000 given)"],
    ],
    [{ ...empty, lessons: "x".repeat(RETRO_ENTRY_MAX_CHARS) }, []],
    [
      { ...empty, "worked-well": `ok\n${"y".repeat(4001)}`, improvements: "z".repeat(12345) },
      [
        "What worked well: at most 4,000 characters per line (4,001 given)",
        "Improvement opportunities: at most 4,000 characters per line (12,345 given)",
      ],
    ],
    [
      { ...empty, lessons: Array.from({ length: RETRO_ENTRIES_MAX + 1 }, (_, i) => `l${i}`).join("\n") },
      ["at most 300 entries in all (301 given): merge some lines"],
    ],
  ])("%#: names the box and the limit", (draft, problems) => {
    expect(readRetroDraft(draft).problems).toEqual(problems);
  });
});
