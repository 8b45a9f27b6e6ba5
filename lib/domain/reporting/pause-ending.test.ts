import { describe, expect, it } from "vitest";
import { describePauseEnding, pauseEndingOf, pauseLength } from "./pause-ending";

describe("pause endings", () => {
  it("reads every outcome the engine stores on a span", () => {
    expect(
      [
        "resumed",
        "stopped",
        "requeue",
        "restart",
        "swap",
        "checkpoint",
        "interrupted",
        "completed",
        "failed",
        null,
      ].map(pauseEndingOf),
    ).toEqual([
      "resumed",
      "stopped",
      "requeued",
      "restarted",
      "restarted",
      "restarted",
      "interrupted",
      "ended",
      "ended",
      null,
    ]);
  });

  it("says it in words, with the length when the pause ended", () => {
    expect(describePauseEnding("requeued")).toBe("stopped and requeued");
    expect(describePauseEnding(null)).toBe("not resumed");
    expect(pauseLength({ pausedAt: "2026-01-01T10:00:00Z", endedAt: "2026-01-01T10:00:25Z" })).toBe("25s");
    expect(pauseLength({ pausedAt: "2026-01-01T10:00:00Z", endedAt: null })).toBeNull();
  });
});
