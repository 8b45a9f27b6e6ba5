// The README's plan file reference is a plan: copied as it stands, it validates without a warning (it once named a
// track B that it did not define).
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { validatePlan } from "./plan-validate";

/** The YAML block under "## Plan file reference". */
function referencePlan(): string {
  const readme = readFileSync(path.resolve(__dirname, "../../../README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Plan file reference"));
  const block = /```yaml\n([\s\S]*?)\n```/.exec(section);
  if (!block?.[1]) throw new Error("no yaml block under ## Plan file reference");
  return block[1];
}

it("the README's plan file reference validates, every field as documented, without a warning", () => {
  const result = validatePlan(referencePlan(), {
    fileName: "README.md",
    baseDir: "/srv/project",
    effectiveTotalBytes: 64 * 1024 ** 3,
  });
  expect(result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`)).toEqual(
    [],
  );
  if (!result.ok) return;
  expect(result.warnings.map((w) => `${w.line}:${w.column} ${w.path}: ${w.message}`)).toEqual([]);
  expect(result.plan.tracks.map((t) => t.key)).toEqual(["A", "B"]);
});
