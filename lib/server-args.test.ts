import { describe, expect, it } from "vitest";
import { parseServerArgs } from "./server-args";

describe("parseServerArgs", () => {
  it("reads --demo, --plan and --budget", () => {
    expect(parseServerArgs([])).toEqual({ plan: null, demo: false, budgetBytes: null });
    expect(parseServerArgs(["--plan", "p.yaml", "--budget", "8GB"])).toEqual({
      plan: "p.yaml",
      demo: false,
      budgetBytes: 8e9,
    });
    expect(parseServerArgs(["--demo"]).demo).toBe(true);
  });
  it("reads --override, the reason to start despite failed pre-flight checks", () => {
    expect(parseServerArgs(["--plan", "p.yaml", "--override", " no GPU here "])).toMatchObject({
      override: "no GPU here",
    });
    expect(() => parseServerArgs(["--override", ""])).toThrow("--override needs the reason");
  });
  it("names the bad argument", () => {
    expect(() => parseServerArgs(["--plan"])).toThrow("--plan needs a plan file path");
    expect(() => parseServerArgs(["--budget", "huge"])).toThrow('--budget must be a size such as "8GB"');
    expect(() => parseServerArgs(["--budget", "0MB"])).toThrow('--budget must be more than 0, got "0MB"');
    expect(() => parseServerArgs(["--nope"])).toThrow('unknown argument "--nope"');
  });
});
