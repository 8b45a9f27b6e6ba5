import { describe, expect, it } from "vitest";
import type { ChangedFile } from "./change-conflict-types";
import { findSharedCommits, inheritedPaths, tracksTakenFrom } from "./shared-commits";

const asObject = (shared: Map<string, Map<string, string[]>>) =>
  Object.fromEntries([...shared].map(([key, byOther]) => [key, Object.fromEntries(byOther)]));

describe("findSharedCommits", () => {
  it.each([
    { name: "no tracks", tracks: [], expected: {} },
    {
      name: "separate branches (the usual poll)",
      tracks: [
        { key: "A", commits: ["a2", "a1"] },
        { key: "B", commits: ["b1"] },
      ],
      expected: {},
    },
    {
      name: "B rebased onto A",
      tracks: [
        { key: "A", commits: ["a2", "a1"] },
        { key: "B", commits: ["b1'", "a1"] },
      ],
      expected: { A: { B: ["a1"] }, B: { A: ["a1"] } },
    },
    {
      name: "C merged A and B; B had rebased onto A",
      tracks: [
        { key: "A", commits: ["a1"] },
        { key: "B", commits: ["b1", "a1"] },
        { key: "C", commits: ["m", "c1", "b1", "a1"] },
      ],
      expected: {
        A: { B: ["a1"], C: ["a1"] },
        B: { A: ["a1"], C: ["b1", "a1"] },
        C: { A: ["a1"], B: ["b1", "a1"] },
      },
    },
  ])("$name", ({ tracks, expected }) => {
    expect(asObject(findSharedCommits(tracks))).toEqual(expected);
  });
});

describe("tracksTakenFrom", () => {
  it.each([
    { name: "never stood on them: taken", authored: ["b1'", "b1"], expected: ["A", "C"] },
    { name: "made one of them (its reflog names a tip): its own", authored: ["a1"], expected: ["C"] },
    { name: "no reflog: nothing taken, every file charged", authored: [], expected: [] },
  ])("$name", ({ authored, expected }) => {
    const shared = new Map([
      ["C", ["c1"]],
      ["A", ["a2", "a1"]],
    ]);
    expect(tracksTakenFrom(shared, new Set(authored))).toEqual(expected);
  });
});

describe("inheritedPaths", () => {
  const file = (path: string, committed: boolean, uncommitted: boolean): ChangedFile => ({
    path,
    committed,
    uncommitted,
    added: 1,
    removed: 0,
  });
  it.each([
    { name: "committed by the others only", files: [file("src/a.ts", true, false)], expected: ["src/a.ts"] },
    { name: "committed by its own commits too", files: [file("src/b.ts", true, false)], expected: [] },
    { name: "edited since (uncommitted)", files: [file("src/a.ts", true, true)], expected: [] },
    { name: "new, not committed", files: [file("src/new.ts", false, true)], expected: [] },
  ])("$name", ({ files, expected }) => {
    expect(inheritedPaths(files, new Set(["src/b.ts"]))).toEqual(expected);
  });
});
