import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import { formatIssueLine, PlanProblems } from "./plan-problems";

const issue = (line: number, path: string, message: string, severity: PlanIssue["severity"]): PlanIssue => ({
  file: "plan.yaml",
  line,
  column: 5,
  path,
  message,
  severity,
});

describe("PlanProblems", () => {
  it("lists a refused plan's warnings after its errors, as paratrack validate prints both", () => {
    const error = Object.assign(new Error("the plan has 1 error"), {
      errors: [issue(3, "tracks[0].key", 'duplicate track key "A"', "error")],
      warnings: [
        issue(5, "tracks[1].scope[0]", 'scope "src/**" overlaps "src/lib/**" of track "B"', "warning"),
        issue(7, "tracks[2]", 'track "C" has no RAM estimate', "warning"),
      ],
    });
    const html = renderToStaticMarkup(createElement(PlanProblems, { error, onPick: () => {} }));
    expect(html).toContain("duplicate track key");
    expect(html).toContain("2 warnings");
    expect(html).toContain("overlaps");
    expect(html).toContain("has no RAM estimate");
    expect(html.indexOf("duplicate track key")).toBeLessThan(html.indexOf("overlaps"));
  });

  it("says nothing of warnings when there are none", () => {
    const error = Object.assign(new Error("the plan has 1 error"), { errors: [], warnings: [] });
    expect(renderToStaticMarkup(createElement(PlanProblems, { error, onPick: () => {} }))).not.toContain(
      "warning",
    );
  });
});

describe("formatIssueLine", () => {
  it("names the place as the CLI does: line:column path: message", () => {
    expect(formatIssueLine(issue(6, "tracks[0].env.API_KEY", "is masked", "warning"))).toBe(
      "6:5 tracks[0].env.API_KEY: is masked",
    );
    expect(formatIssueLine(issue(1, "", "the plan file is empty", "error"))).toBe(
      "1:5 the plan file is empty",
    );
  });
});
