// The benchmark's bookkeeping: attempts and kills from the logs, reaction times, the lower bound.
import { describe, expect, it } from "vitest";
import { parseAttemptLog, parseJoblog, summarizeAttempts } from "./governor-attempts";
import { buildJobSet, JOB_SET_NAMES, jobBytesAt, ramTimeLowerBoundSeconds } from "./governor-jobs";
import {
  checkTargets,
  computeReactions,
  countCorrections,
  percentile,
  type RunnerFigures,
} from "./governor-report";
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

  it("counts the governor's corrections: pauses and stop-requeues", () => {
    expect(countCorrections(details)).toEqual({ pauses: 3, requeues: 1 });
  });

  it("uses nearest-rank percentiles", () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 95)).toBe(5);
    expect(percentile([], 50)).toBeNull();
  });
});

describe("targets", () => {
  const figures = (
    name: string,
    makespanSeconds: number,
    extra: Partial<RunnerFigures> = {},
  ): RunnerFigures => ({
    name,
    label: name,
    makespanSeconds,
    savedPercent: null,
    peakSystemPercent: 80,
    peakJobsPercentOfUsable: 70,
    peakBudgetPercent: 74,
    killedOrRequeued: 0,
    corrections: { pauses: 1, requeues: 0 },
    died: 0,
    oomKills: 0,
    lost: 0,
    attempts: 10,
    reaction: null,
    aborted: null,
    meanLoad: 1,
    ...extra,
  });
  const base = {
    memfree: figures("parallel-memfree", 100, { corrections: null }),
    sequential: figures("sequential", 250, { corrections: null }),
    lowerBoundSeconds: 70,
    redPercent: 85,
    floorLinePercent: 88,
    reactionFrom: null,
  };
  const verdicts = (checks: ReturnType<typeof checkTargets>) => checks.map((c) => `${c.target}: ${c.pass}`);

  it("holds a learned run to 0.85 × --memfree and 1.25 × the bound, with its corrections shown", () => {
    const checks = checkTargets({
      ...base,
      paratrack: figures("paratrack-learned", 86),
      makespan: "learned",
    });
    expect(verdicts(checks)).toEqual([
      "no job lost and no OOM kill: true",
      "peak below the Red line: true",
      "makespan ≤ 1.25 × RAM·time lower bound: true",
      "makespan ≤ 0.85 × GNU parallel --memfree's: false",
      "Red → decision p95 ≤ 15 ms, → SIGSTOP verified p95 ≤ 100 ms: null",
    ]);
    expect(checks[2]?.detail).toContain("corrections 1 pauses, 0 requeues");
  });

  it("holds a first run without estimates to 1.1 × one at a time, and a first run with estimates to safety only", () => {
    const none = checkTargets({ ...base, paratrack: figures("paratrack-none", 270), makespan: "none" });
    expect(verdicts(none)[2]).toBe("makespan ≤ 1.1 × one at a time (no estimates, first run): true");
    const first = checkTargets({ ...base, paratrack: figures("paratrack", 120), makespan: null });
    expect(first).toHaveLength(3);
  });
});

describe("job set", () => {
  it("grows like the demo agent: steps over rampTo % of the time, the first at once", () => {
    const job = { key: "f", sizeBytes: 3000, seconds: 10, steps: 3, childMib: 0, rampToPercent: 15 };
    expect([0, 499, 500, 1000, 1499, 1500, 9999].map((ms) => jobBytesAt(job, ms, 10_000))).toEqual([
      1000, 1000, 2000, 3000, 3000, 3000, 3000,
    ]);
    expect(jobBytesAt({ ...job, rampToPercent: 100 }, 3400, 10_000)).toBe(2000);
  });

  it.each(JOB_SET_NAMES)("%s has 10 jobs of 0.3–2 GiB and 10–60 s", (name) => {
    const jobs = buildJobSet(1, name);
    expect(jobs).toHaveLength(10);
    for (const job of jobs) {
      expect(job.sizeBytes / 1024 ** 3).toBeGreaterThanOrEqual(0.29);
      expect(job.sizeBytes / 1024 ** 3).toBeLessThanOrEqual(2);
      expect(job.seconds).toBeGreaterThanOrEqual(10);
      expect(job.seconds).toBeLessThanOrEqual(60);
    }
  });

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
