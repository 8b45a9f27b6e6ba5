// integration.branch is refused when git would refuse it (git check-ref-format --branch), with the reason.
import { describe, expect, it } from "vitest";
import { describeBranchNameProblem } from "./git-branch-name";
import { validatePlan } from "./plan-validate";

describe("describeBranchNameProblem", () => {
  it.each(["main", "paratrack/integration", "feature/x-1_2", "release/v1.2", "a.b/c.lockx", "@x", "héllo"])(
    "accepts %j",
    (name) => {
      expect(describeBranchNameProblem(name)).toBeNull();
    },
  );

  it.each([
    ["", "it is empty"],
    ["@", 'it is "@", which git reads as HEAD'],
    ["HEAD", '"HEAD" names the current commit, not a branch'],
    ["-x", 'it starts with "-" (git would read it as an option)'],
    ["my branch", "it contains a space"],
    ["a\tb", "it contains a control character"],
    ["a\u007fb", "it contains a control character"],
    ["a..b", 'it contains ".."'],
    ["a~1", 'it contains "~" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a^", 'it contains "^" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a:b", 'it contains ":" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a?", 'it contains "?" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a*", 'it contains "*" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a[b", 'it contains "[" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a\\b", 'it contains "\\" (git refuses ~ ^ : ? * [ and \\ in branch names)'],
    ["a@{1}", 'it contains "@{"'],
    ["/a", 'it starts or ends with "/"'],
    ["a/", 'it starts or ends with "/"'],
    ["a//b", 'it has an empty part between two "/"'],
    ["a.", 'it ends with "."'],
    [".a", 'its part ".a" starts with "."'],
    ["a/.b", 'its part ".b" starts with "."'],
    ["a.lock", 'its part "a.lock" ends with ".lock"'],
    ["x/a.lock/b", 'its part "a.lock" ends with ".lock"'],
  ])("refuses %j: %s", (name, reason) => {
    expect(describeBranchNameProblem(name)).toBe(reason);
  });
});

describe("validatePlan: integration.branch", () => {
  const plan = (branch: string) =>
    [
      "name: x",
      "repo: .",
      `integration: { branch: ${JSON.stringify(branch)} }`,
      "tracks:",
      "  - { key: a, ram: 1GB, command: run }",
    ].join("\n");
  const check = (branch: string) =>
    validatePlan(plan(branch), { fileName: "plan.yaml", baseDir: "/plans", effectiveTotalBytes: null });

  it("refuses a name git would refuse, saying why, at the field", () => {
    const result = check("paratrack/my integration");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      {
        file: "plan.yaml",
        line: 3,
        column: 24,
        path: "integration.branch",
        message: "not a branch name git accepts: it contains a space",
        severity: "error",
      },
    ]);
  });

  it("accepts a sound name, and says only once that an empty one is empty", () => {
    expect(check("paratrack/integration").ok).toBe(true);
    const empty = check("");
    expect(empty.ok ? [] : empty.errors.map((error) => error.message)).toEqual(["must not be empty"]);
  });
});
