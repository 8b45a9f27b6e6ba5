// The benchmark's bookkeeping: attempts and kills from the logs, reaction times, the lower bound.
import { describe, expect, it } from "vitest";
import { parseAttemptLog, parseJoblog, summarizeAttempts } from "./governor-attempts";
import { buildJobSet, ramTimeLowerBoundSeconds } from "./governor-jobs";
import { computeReactions, percentile } from "./governor-report";
import type { ParatrackDetails } from "./governor-types";

describe("attempt log", () => {
  const log = [
    "j01 start 1000",
    "j02 start 1010",
    "j02 end 2010 143", // killed by GNU parallel (TERM), requeued
    "j02 start 3000",
    "j03 start 3100", // its shell was SIGKILLed with it: no end line, but a later attempt
    "j03 start 4000",
    "j01 end 5000 0",
    "j02 end 6000 0",
    "j03 end 7000 137", // SIGKILL not from the runner: an OOM kill looks like this
    "j04 start 7100", // cut short by the guard
  ].join("\n");

  it("pairs starts and ends and counts the runner's kills apart from deaths", () => {
    const summary = summarizeAttempts(["j01", "j02", "j03", "j04", "j05"], parseAttemptLog(log));
    expect(summary.killedByRunner).toBe(2);
    expect(summary.died).toBe(1);
    expect(summary.jobs.map((j) => [j.key, j.attempts, j.completed, j.last])).toEqual([
      ["j01", 1, true, "exit 0"],
      ["j02", 2, true, "exit 0"],
      ["j03", 2, false, "SIGKILL (137)"],
      ["j04", 1, false, "did not end"],
      ["j05", 0, false, "not started"],
    ]);
    expect(summary.jobs[1]?.lastSeconds).toBe(3);
  });

  it("reads GNU parallel's joblog", () => {
    const text =
      "Seq\tHost\tStarttime\tJobRuntime\tSend\tReceive\tExitval\tSignal\tCommand\n" +
      "2\t:\t1795676189.652\t     0.000\t0\t0\t0\t0\ttrue\n" +
      "1\t:\t1795676189.698\t     0.000\t0\t0\t3\t0\tsh -c exit 3\n";
    expect(parseJoblog(text)).toEqual([
      { seq: 2, exitval: 0, signal: 0, command: "true" },
      { seq: 1, exitval: 3, signal: 0, command: "sh -c exit 3" },
    ]);
  });
});

describe("reaction times", () => {
  const sample = (at: number, zone: string) => ({
    at,
    zone,
    zoneSource: "budget",
    budgetPercent: 0,
    machinePercent: 0,
    availableBytes: 0,
  });
  const event = (at: number, kind: string, trackKey: string | null, zone: string | null = null) => ({
    at,
    kind,
    trackKey,
    message: "",
    severity: "info",
    zone,
    exit: null,
  });
  const details: ParatrackDetails = {
    budgetBytes: 1,
    hardFloorBytes: 1,
    estimateFactor: 1,
    samples: [
      sample(0, "orange"),
      sample(1000, "red"),
      sample(1250, "red"),
      sample(6250, "red"),
      sample(6500, "green"),
    ],
    events: [
      event(1020, "governor:pause", "A", "red"),
      event(1100, "track:paused", "A"),
      event(1040, "governor:pause", "B", "red"),
      event(1300, "track:paused", "B"),
      event(6330, "governor:stop-requeue", "C", "red"),
      event(6400, "agent:exited", "C"),
      event(500, "governor:pause", "D", "orange"), // not a Red decision
      event(100, "governor:start", "E", "green"),
    ],
  };

  it("measures from the Red sample that triggered each decision", () => {
    const r = computeReactions(details);
    expect(r.count).toBe(3);
    expect(r.p50Ms).toBe(40);
    expect(r.p95Ms).toBe(80);
    expect(r.verifiedP95Ms).toBe(300);
    expect(r.redEpisodes).toBe(1);
    expect(r.longestRedMs).toBe(5250);
    expect(r.decisions).toEqual({ pause: 3, "stop-requeue": 1, start: 1 });
  });

  it("uses nearest-rank percentiles", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("job set", () => {
  it("has at least 10 jobs of 0.3–2 GiB and 10–60 s, and a bound of Σ size × duration / usable", () => {
    const jobs = buildJobSet();
    expect(jobs.length).toBeGreaterThanOrEqual(10);
    for (const job of jobs) {
      expect(job.sizeBytes / 1024 ** 3).toBeGreaterThanOrEqual(0.29);
      expect(job.sizeBytes / 1024 ** 3).toBeLessThanOrEqual(2);
      expect(job.seconds).toBeGreaterThanOrEqual(10);
      expect(job.seconds).toBeLessThanOrEqual(60);
    }
    const gib = 1024 ** 3;
    const two = [
      { key: "a", sizeBytes: 2 * gib, seconds: 10, steps: 1, childMib: 0 },
      { key: "b", sizeBytes: 1 * gib, seconds: 20, steps: 1, childMib: 0 },
    ];
    expect(ramTimeLowerBoundSeconds(two, 4 * gib)).toBe(10);
  });
});
