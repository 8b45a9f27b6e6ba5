import { describe, expect, it } from "vitest";
import {
  ATTEMPT_ENDINGS,
  attemptEndingOf,
  attemptEndingOfIntent,
  attemptEndings,
  describeAttemptEnding,
  isEndedOnPurpose,
} from "./attempt-ending";

describe("attempt endings", () => {
  it("reads every outcome the engine stores on an attempt's last span; a pause's outcomes end no attempt", () => {
    const outcomes = [
      "completed",
      "failed",
      "interrupted",
      "stopped",
      "requeue",
      "restart",
      "swap",
      "checkpoint",
    ];
    expect(outcomes.map(attemptEndingOf)).toEqual([
      "completed",
      "failed",
      "interrupted",
      "stopped",
      "requeued",
      "restarted",
      "swapped",
      "checkpointed",
    ]);
    for (const other of ["paused", "resumed", "something new", null])
      expect(attemptEndingOf(other)).toBeNull();
  });

  it("tells endings on purpose (the lead's or the governor's) from the others", () => {
    const onPurpose = ATTEMPT_ENDINGS.filter(isEndedOnPurpose);
    expect(onPurpose).toEqual(["stopped", "requeued", "restarted", "swapped", "checkpointed"]);
    expect(isEndedOnPurpose(null)).toBe(false);
  });

  it("names the ending each of the engine's intents carries out, as its span will", () => {
    const kinds = ["stop", "requeue", "restart", "swap", "checkpoint"] as const;
    expect(kinds.map(attemptEndingOfIntent)).toEqual(
      ["stopped", "requeue", "restart", "swap", "checkpoint"].map(attemptEndingOf),
    );
  });

  it("takes the last span of each attempt that ended it: a pause resumed, then a requeue; a checkpoint", () => {
    const spans = [
      { attempt: 1, endedAt: "2026-12-07T10:00:10Z", outcome: "paused" },
      { attempt: 1, endedAt: "2026-12-07T10:00:40Z", outcome: "requeue" },
      { attempt: 1, endedAt: "2026-12-07T10:00:20Z", outcome: "resumed" },
      { attempt: 2, endedAt: "2026-12-07T10:01:00Z", outcome: "restart" },
      { attempt: 3, endedAt: "2026-12-07T10:02:00Z", outcome: "failed" },
      { attempt: 3, endedAt: "2026-12-07T10:01:30Z", outcome: "paused" },
      { attempt: 4, endedAt: null, outcome: null },
      // A checkpoint: the running span ends the attempt, the pause after it is resumed by the lead.
      { attempt: 5, endedAt: "2026-12-07T10:03:00Z", outcome: "checkpoint" },
      { attempt: 5, endedAt: "2026-12-07T10:04:00Z", outcome: "resumed" },
    ];
    expect([...attemptEndings(spans)]).toEqual([
      [1, "requeued"],
      [2, "restarted"],
      [3, "failed"],
      [5, "checkpointed"],
    ]);
  });

  it("says what ended the attempt, then how its process went", () => {
    expect(describeAttemptEnding("requeued", { signal: "SIGTERM", exitCode: null })).toBe(
      "stopped and queued again (SIGTERM)",
    );
    expect(describeAttemptEnding("restarted", { signal: null, exitCode: 0 })).toBe(
      "stopped for a restart (exit code 0)",
    );
    expect(describeAttemptEnding("stopped", { signal: null, exitCode: null })).toBe("stopped");
  });
});
