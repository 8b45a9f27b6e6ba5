import { describe, expect, it } from "vitest";
import { parseMergeTreeOutput, parseNumstat, parseStatusV2, parseWorktreeList } from "./porcelain";

describe("parseStatusV2", () => {
  it("reads headers, changed, renamed, unmerged, untracked and ignored entries; paths keep their spaces", () => {
    const output = [
      "# branch.oid 0123abcd",
      "# branch.head paratrack/r1/A",
      "1 .M N... 100644 100644 100644 aaaa bbbb src/a file.ts",
      "2 R. N... 100644 100644 100644 aaaa bbbb R100 new name.ts",
      "old name.ts",
      "u UU N... 100644 100644 100644 100644 aaaa bbbb cccc both.ts",
      "? notes/todo.md",
      "! dist/out.js",
      "",
    ].join("\0");
    expect(parseStatusV2(output)).toEqual({
      head: "0123abcd",
      branch: "paratrack/r1/A",
      entries: [
        { path: "src/a file.ts", origPath: null, kind: "changed", index: ".", worktree: "M" },
        { path: "new name.ts", origPath: "old name.ts", kind: "renamed", index: "R", worktree: "." },
        { path: "both.ts", origPath: null, kind: "unmerged", index: "U", worktree: "U" },
        { path: "notes/todo.md", origPath: null, kind: "untracked", index: "?", worktree: "?" },
        { path: "dist/out.js", origPath: null, kind: "ignored", index: "!", worktree: "!" },
      ],
    });
  });

  it("an unborn branch and a detached HEAD", () => {
    expect(parseStatusV2("# branch.oid (initial)\0# branch.head (detached)\0")).toEqual({
      head: null,
      branch: null,
      entries: [],
    });
  });
});

describe("parseNumstat", () => {
  it("reads lines, binary files and the rename form", () => {
    expect(parseNumstat("3\t1\tsrc/a.ts\0-\t-\tlogo.png\0" + "2\t0\t\0old.ts\0new.ts\0")).toEqual([
      { path: "src/a.ts", origPath: null, added: 3, removed: 1 },
      { path: "logo.png", origPath: null, added: null, removed: null },
      { path: "new.ts", origPath: "old.ts", added: 2, removed: 0 },
    ]);
  });
});

describe("parseWorktreeList", () => {
  it("reads each worktree up to its empty field", () => {
    const output = [
      "worktree /r",
      "HEAD aaaa",
      "branch refs/heads/main",
      "",
      "worktree /r.paratrack/r1/A",
      "HEAD bbbb",
      "branch refs/heads/paratrack/r1/A",
      "locked paratrack run r1",
      "",
      "worktree /gone",
      "HEAD cccc",
      "detached",
      "prunable gitdir file points to non-existent location",
      "",
      "",
    ].join("\0");
    expect(parseWorktreeList(output)).toEqual([
      {
        path: "/r",
        head: "aaaa",
        branch: "main",
        bare: false,
        detached: false,
        locked: null,
        prunable: null,
      },
      {
        path: "/r.paratrack/r1/A",
        head: "bbbb",
        branch: "paratrack/r1/A",
        bare: false,
        detached: false,
        locked: "paratrack run r1",
        prunable: null,
      },
      {
        path: "/gone",
        head: "cccc",
        branch: null,
        bare: false,
        detached: true,
        locked: null,
        prunable: "gitdir file points to non-existent location",
      },
    ]);
  });
});

describe("parseMergeTreeOutput", () => {
  it("reads the tree, the conflicted files and the messages (as git 2.39 writes them)", () => {
    const output =
      "aec896d4f39f086563addc2dfcc45072281b7040\0f.txt\0\0" +
      "1\0f.txt\0Auto-merging\0Auto-merging f.txt\n\0" +
      "1\0f.txt\0CONFLICT (contents)\0CONFLICT (content): Merge conflict in f.txt\n\0";
    expect(parseMergeTreeOutput(output)).toEqual({
      tree: "aec896d4f39f086563addc2dfcc45072281b7040",
      conflictedFiles: ["f.txt"],
      messages: [
        { paths: ["f.txt"], type: "Auto-merging", message: "Auto-merging f.txt" },
        {
          paths: ["f.txt"],
          type: "CONFLICT (contents)",
          message: "CONFLICT (content): Merge conflict in f.txt",
        },
      ],
    });
  });

  it("a clean merge is the tree alone", () => {
    expect(parseMergeTreeOutput("1b2c24011255399\0")).toEqual({
      tree: "1b2c24011255399",
      conflictedFiles: [],
      messages: [],
    });
  });
});
