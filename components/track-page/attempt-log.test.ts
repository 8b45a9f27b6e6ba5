import { describe, expect, it } from "vitest";
import type { AgentView } from "@/lib/domain/views";
import { attemptLogUrl, attemptsOf } from "./attempt-log";

const agent = (name: string, attempt: number) =>
  ({ name, attempt, logPath: `/data/logs/r/T-${name}-${attempt}.log` }) as AgentView;

describe("attemptsOf", () => {
  it("groups the agents by attempt, newest attempt first, agents by name", () => {
    expect(attemptsOf([agent("b", 1), agent("a", 2), agent("a", 1)])).toEqual([
      { attempt: 2, files: [{ agent: "a", logPath: "/data/logs/r/T-a-2.log" }] },
      {
        attempt: 1,
        files: [
          { agent: "a", logPath: "/data/logs/r/T-a-1.log" },
          { agent: "b", logPath: "/data/logs/r/T-b-1.log" },
        ],
      },
    ]);
    expect(attemptsOf([])).toEqual([]);
  });
});

describe("attemptLogUrl", () => {
  it("names the track and attempt, and the run when one is given", () => {
    expect(attemptLogUrl("a b", 3)).toBe("/api/tracks/a%20b/attempts/3/log");
    expect(attemptLogUrl("A", 1, "run 1")).toBe("/api/tracks/A/attempts/1/log?runId=run%201");
  });
});
