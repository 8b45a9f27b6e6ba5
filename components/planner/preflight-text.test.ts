import { describe, expect, it } from "vitest";
import { describePreflightResult } from "./preflight-text";

const line = (result: { track: string | null; message: string }) => {
  const { track, message } = describePreflightResult(result);
  return track ? `${track}: ${message}` : message;
};

describe("describePreflightResult", () => {
  it("names the track once when the message starts with it (a track's only agent is named after it)", () => {
    expect(line({ track: "A", message: "A: nonexistent-prog-xyz is not on PATH" })).toBe(
      "A: nonexistent-prog-xyz is not on PATH",
    );
  });

  it("keeps another agent's name, and a message about the whole plan", () => {
    expect(line({ track: "A", message: "test: not-executable is not on PATH" })).toBe(
      "A: test: not-executable is not on PATH",
    );
    expect(line({ track: "AB", message: "A: x" })).toBe("AB: A: x");
    expect(line({ track: null, message: "git: not a repository" })).toBe("git: not a repository");
  });
});
