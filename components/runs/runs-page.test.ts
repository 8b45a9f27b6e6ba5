import { describe, expect, it } from "vitest";
import { describeWhatStays } from "./runs-page";

const git = {
  worktree: "/repo/.paratrack/A",
  branch: "paratrack/r1/A",
  baseCommit: "abc",
  changes: null,
  problem: null,
};

describe("describeWhatStays (the delete dialog)", () => {
  it("says the branches and worktrees stay when the run's tracks had them", () => {
    expect(describeWhatStays([{ git }, { git: null }])).toMatch(/branches and worktrees stay/);
  });

  it("says nothing of branches for a run without a repository", () => {
    expect(describeWhatStays([{ git: null }, {}])).toBeNull();
    expect(describeWhatStays([])).toBeNull();
  });

  it("says nothing while the run's tracks are not known", () => {
    expect(describeWhatStays(undefined)).toBeNull();
  });
});
