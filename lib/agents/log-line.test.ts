import { describe, expect, it } from "vitest";
import { formatLogLine, parseLogLine } from "./log-line";

describe("agent log lines", () => {
  it("round-trips time, stream and text, spaces and all", () => {
    const at = new Date("2026-11-26T09:41:02.123Z");
    for (const stream of ["stdout", "stderr", "system"] as const) {
      const raw = formatLogLine(at, stream, "  two  spaces ::progress 40");
      expect(parseLogLine(raw)).toEqual({
        at: at.toISOString(),
        stream,
        line: "  two  spaces ::progress 40",
      });
    }
    expect(formatLogLine(at, "stderr", "boom")).toBe("2026-11-26T09:41:02.123Z err boom");
  });

  it("returns null for a line in another format", () => {
    expect(parseLogLine("[paratrack] agent exited with code 0")).toBeNull();
    expect(parseLogLine("2026-11-26 out x")).toBeNull();
    expect(parseLogLine("2026-11-26T09:41:02.123Z bad x")).toBeNull();
  });
});
