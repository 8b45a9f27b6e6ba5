import { describe, expect, it } from "vitest";
import { globsMayOverlap } from "./plan-scope";

const overlapping: [string, string][] = [
  ["lib/**", "lib/domain/zones.ts"],
  ["lib/**", "lib/domain/**"],
  ["src/**/*.ts", "src/api/**"],
  ["src/**/*.ts", "src/api/x.ts"],
  ["**", "README.md"],
  ["docs/*.md", "docs/guide.md"],
  ["docs/", "docs/guide.md"],
  ["./app/**", "app/page.tsx"],
  ["src/{api,web}/**", "src/web/index.ts"],
  ["foo*", "*bar"],
  ["src/*/index.ts", "src/api/*.ts"],
  ["a/**/b/**/c", "a/x/b/y/c"],
  ["lib/domain/zones.ts", "lib/domain/zones.ts"],
];

const separate: [string, string][] = [
  ["src/api/**", "src/web/**"],
  ["src/**/*.ts", "src/**/*.md"],
  ["docs/*.md", "docs/guide/intro.md"],
  ["lib/a.ts", "lib/b.ts"],
  ["src/{api,web}/**", "src/cli/**"],
  ["app/**", "components/**"],
  ["*.md", "docs/intro.md"],
  ["!lib/**", "lib/x.ts"],
];

describe("globsMayOverlap", () => {
  it.each(overlapping)("%s and %s may overlap", (a, b) => {
    expect(globsMayOverlap(a, b)).toBe(true);
    expect(globsMayOverlap(b, a)).toBe(true);
  });

  it.each(separate)("%s and %s cannot overlap", (a, b) => {
    expect(globsMayOverlap(a, b)).toBe(false);
    expect(globsMayOverlap(b, a)).toBe(false);
  });
});
