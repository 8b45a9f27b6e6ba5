// The governor over time: a fake world where memory follows the governor's actions, oscillating series that must
// not make it flap, and random sequences that must keep its invariants.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Zone } from "../types";
import { decideGovernorActions, initialGovernorMemory } from "./governor";
import {
  applyActions,
  CAPACITY,
  GB,
  makeInput,
  makeRunning,
  makeTrack,
  POLICY,
  summarise,
  THRESHOLDS,
  zoneOf,
} from "./governor-fixtures";
import { rankZone } from "./governor-order";
import type { GovernorAction, GovernorMemory, GovernorTrack } from "./governor-types";

const LINES: Record<Exclude<Zone, "green">, number> = {
  yellow: THRESHOLDS.yellow,
  orange: THRESHOLDS.orange,
  red: THRESHOLDS.red,
};
const LOWER: Record<Zone, Zone> = { green: "green", yellow: "green", orange: "yellow", red: "orange" };

/** Zone with hysteresis, as the monitor would classify it: a zone is left downward only below its line minus the margin. */
function classifyWithHysteresis(percent: number, previous: Zone | null): Zone {
  const raw = zoneOf(percent);
  if (previous === null || rankZone(raw) >= rankZone(previous)) return raw;
  let zone = previous;
  while (
    zone !== "green" &&
    rankZone(zone) > rankZone(raw) &&
    percent < LINES[zone] - THRESHOLDS.hysteresis
  ) {
    zone = LOWER[zone];
  }
  return zone;
}

type Truth = { localBytes: number; cloudBytes: number | null; durationMs: number };

type WorldResult = {
  completed: string[];
  longestRedMs: number;
  redEntries: number;
  counts: Record<GovernorAction["kind"], number>;
  endedAt: number;
};

/**
 * Runs the governor against a world where each running track's memory approaches its true size (time constant
 * `growthMs`), a paused track keeps its memory and its progress, a stopped one frees both, a model swap restarts the
 * track at its cloud size, and a track completes after its duration of running time.
 */
function runWorld(
  initial: GovernorTrack[],
  truth: Record<string, Truth>,
  options: { foreignBytes: number; limitMs: number; growthMs: number },
): WorldResult {
  let tracks = initial;
  let memory: GovernorMemory = initialGovernorMemory();
  const workMs: Record<string, number> = {};
  const counts: WorldResult["counts"] = {
    start: 0,
    pause: 0,
    resume: 0,
    "stop-requeue": 0,
    "swap-model": 0,
    alert: 0,
  };
  let zone: Zone | null = null;
  let now = 0;
  let redStreakMs = 0;
  let longestRedMs = 0;
  let redEntries = 0;
  while (now < options.limitMs && tracks.some((track) => track.status !== "completed")) {
    const usedBytes = options.foreignBytes + tracks.reduce((sum, track) => sum + track.currentBytes, 0);
    const usedPercent = (usedBytes / CAPACITY) * 100;
    const nextZone = classifyWithHysteresis(usedPercent, zone);
    if (nextZone === "red" && zone !== "red") redEntries += 1;
    zone = nextZone;
    const decision = decideGovernorActions(
      makeInput(usedPercent, tracks, { now, zone, usedBytes, policy: { maxConcurrent: 4 } }),
      memory,
    );
    memory = decision.memory;
    for (const action of decision.actions) {
      counts[action.kind] += 1;
      if (action.kind === "stop-requeue") workMs[action.trackKey] = 0;
    }
    tracks = applyActions(tracks, decision.actions, now).map((track) => {
      const swapped = decision.actions.find((a) => a.kind === "swap-model" && a.trackKey === track.key);
      const cloud = truth[track.key]?.cloudBytes ?? null;
      return swapped && cloud !== null
        ? { ...track, currentBytes: Math.min(track.currentBytes, cloud) }
        : track;
    });

    const dt = decision.sampleIntervalMs;
    const approach = 1 - Math.exp(-dt / options.growthMs);
    tracks = tracks.map((track) => {
      const facts = truth[track.key];
      if (track.status !== "running" || facts === undefined) return track;
      const onCloud = track.modelInForce !== null && track.modelInForce === track.model.cloud;
      const target = onCloud && facts.cloudBytes !== null ? facts.cloudBytes : facts.localBytes;
      const work = (workMs[track.key] ?? 0) + dt;
      workMs[track.key] = work;
      if (work >= facts.durationMs) return { ...track, status: "completed", currentBytes: 0, progress: 100 };
      const currentBytes = track.currentBytes + (target - track.currentBytes) * approach;
      return {
        ...track,
        currentBytes,
        observedPeakBytes: Math.max(track.observedPeakBytes ?? 0, currentBytes),
        progress: Math.floor((work / facts.durationMs) * 100),
      };
    });
    if (zone === "red") {
      redStreakMs += dt;
      longestRedMs = Math.max(longestRedMs, redStreakMs);
    } else {
      redStreakMs = 0;
    }
    now += dt;
  }
  const completed = tracks.filter((track) => track.status === "completed").map((track) => track.key);
  return { completed, longestRedMs, redEntries, counts, endedAt: now };
}

describe("simulated world", () => {
  it("keeps Red short, stops only as needed, and completes every track", () => {
    const minutes = (n: number) => n * 60_000;
    const tracks = [
      makeTrack("A", { position: 0, priority: "critical", estimateBytes: 4 * GB }),
      makeTrack("B", { position: 1, estimateBytes: 3 * GB }),
      makeTrack("C", { position: 2, priority: "low", tier: "sub-agent", estimateBytes: null }),
      makeTrack("D", { position: 3, estimateBytes: 2 * GB }),
      makeTrack("E", { position: 4, priority: "low", estimateBytes: 1 * GB }),
      makeTrack("F", {
        position: 5,
        estimateBytes: 3 * GB,
        model: { local: "llama-70b", cloud: "sonnet" },
        modelInForce: "llama-70b",
      }),
    ];
    // B, E and F need far more than their plans say: the world must push the governor into Orange and Red.
    const truth: Record<string, Truth> = {
      A: { localBytes: 8 * GB, cloudBytes: null, durationMs: minutes(5) },
      B: { localBytes: 5 * GB, cloudBytes: null, durationMs: minutes(7) },
      C: { localBytes: 1.5 * GB, cloudBytes: null, durationMs: minutes(3) },
      D: { localBytes: 2 * GB, cloudBytes: null, durationMs: minutes(4) },
      E: { localBytes: 6 * GB, cloudBytes: null, durationMs: minutes(5) },
      F: { localBytes: 7 * GB, cloudBytes: 1.5 * GB, durationMs: minutes(6) },
    };
    const result = runWorld(tracks, truth, { foreignBytes: 2 * GB, limitMs: minutes(120), growthMs: 20_000 });

    expect(result.completed.sort()).toEqual(["A", "B", "C", "D", "E", "F"]);
    expect(result.redEntries).toBeGreaterThan(0);
    expect(result.counts["stop-requeue"]).toBeGreaterThan(0);
    // One stop per grace period; in this world one stop is enough to leave Red, so Red never outlasts
    // the grace period plus the few fast samples it takes for freed memory to show.
    expect(result.longestRedMs).toBeLessThanOrEqual(POLICY.graceSeconds * 1000 + 2_000);
    // Learned peaks keep a stopped track from being readmitted into the same trouble over and over.
    expect(result.counts["stop-requeue"]).toBeLessThanOrEqual(3);
  });
});

describe("oscillation does not make the governor flap", () => {
  const mix = () => [
    makeRunning("A1", 2, {
      position: 0,
      priority: "critical",
      model: { local: "l", cloud: "c" },
      modelInForce: "l",
    }),
    makeRunning("A2", 1, { position: 1, priority: "critical" }),
    makeRunning("S1", 1, { position: 2, model: { local: "l", cloud: "c" }, modelInForce: "l" }),
    makeRunning("S2", 1, { position: 3 }),
    makeRunning("S3", 1, { position: 4, status: "paused", pausedBy: "lead" }),
    makeRunning("L1", 1, { position: 5, priority: "low" }),
    makeRunning("L2", 1, { position: 6, priority: "low", tier: "sub-agent" }),
    makeTrack("R1", { position: 7, estimateBytes: 0.1 * GB }),
    makeTrack("R2", { position: 8, estimateBytes: 0.1 * GB }),
  ];

  /** Feeds `low` and `high` alternately. */
  function oscillate(low: number, high: number) {
    return feed((second) => (second % 2 === 0 ? low : high));
  }

  /** Feeds percent(second) every second for two minutes; the world applies statuses but not memory. */
  function feed(percentAt: (second: number) => number) {
    let tracks = mix();
    let memory = initialGovernorMemory();
    const log: GovernorAction[] = [];
    const timeline: string[] = [];
    for (let second = 0; second < 120; second += 1) {
      const percent = percentAt(second);
      const decision = decideGovernorActions(
        makeInput(percent, tracks, { now: second * 1000, policy: { maxConcurrent: 10 } }),
        memory,
      );
      memory = decision.memory;
      log.push(...decision.actions);
      for (const line of summarise(decision.actions)) timeline.push(`${second}s ${line}`);
      tracks = applyActions(tracks, decision.actions, second * 1000);
    }
    const count = (kind: GovernorAction["kind"]) => log.filter((action) => action.kind === kind).length;
    const paused = new Set(log.flatMap((a) => (a.kind === "pause" ? [a.trackKey] : [])));
    const resumed = log.flatMap((a) => (a.kind === "resume" ? [a.trackKey] : []));
    return { log, timeline, count, pausedThenResumed: resumed.filter((key) => paused.has(key)) };
  }

  // Bound: alerts ≤ 3 per episode (Yellow, Orange, Red once each; the episode never settles while oscillating);
  // pauses ≤ the non-critical running tracks, swaps ≤ the tracks on a local model, and in Orange further steps
  // only while use keeps rising; stops ≤ one per 30 s grace period (Red's clock runs through Orange dips);
  // no resume and no start after the first Orange (never Green for 30 s). Nothing undoes anything else.
  it("84/86 % around the Red line: one Orange step, all non-critical paused in Red, one stop per grace period", () => {
    const { log, count, pausedThenResumed } = oscillate(84, 86);
    expect(summarise(log)).toEqual([
      "alert:orange",
      "swap-model:A1:c",
      "pause:L2",
      "alert:red",
      "pause:L1",
      "pause:S2",
      "pause:S1",
      "stop-requeue:L2",
      "stop-requeue:L1",
      "stop-requeue:S2",
    ]);
    expect(count("stop-requeue")).toBeLessThanOrEqual(Math.ceil(120 / POLICY.graceSeconds));
    expect(pausedThenResumed).toEqual([]);
  });

  it("74/76 % around the Orange line: one step, then hold because use does not rise", () => {
    const { log, pausedThenResumed } = oscillate(74, 76);
    // The first sample is Yellow with room for one small ready track (74 % + 0.1 GB < 75 %).
    expect(summarise(log)).toEqual([
      "alert:yellow",
      "start:R1",
      "alert:orange",
      "swap-model:A1:c",
      "pause:L2",
    ]);
    expect(pausedThenResumed).toEqual([]);
  });

  it("59/61 % around the Yellow line: admission as usual, one alert", () => {
    const { log } = oscillate(59, 61);
    expect(summarise(log)).toEqual(["start:R1", "start:R2", "alert:yellow"]);
  });

  it("use creeping up through Orange: one step per cooldown while it rises, bounded by the tracks", () => {
    // 76 % rising 0.06 points a second: a step needs > 0.5 points of rise, so one comes every 9 s.
    const { timeline } = feed((second) => 76 + 0.06 * second);
    expect(timeline).toEqual([
      "0s alert:orange",
      "0s swap-model:A1:c",
      "0s pause:L2",
      "9s swap-model:S1:c",
      "9s pause:L1",
      "18s pause:S2",
      "27s pause:S1",
    ]);
  });
});

describe("invariants over random sequences", () => {
  const priority = fc.constantFrom("critical" as const, "standard" as const, "low" as const);
  const trackArb = fc.record({
    priority,
    tier: fc.constantFrom("primary" as const, "sub-agent" as const),
    state: fc.constantFrom("ready", "running", "paused-governor", "paused-lead"),
    estimateGb: fc.option(fc.integer({ min: 0, max: 8 }), { nil: null }),
    currentGb: fc.integer({ min: 0, max: 4 }),
    progress: fc.integer({ min: 0, max: 99 }),
    local: fc.boolean(),
  });
  const stepArb = fc.record({
    dtMs: fc.constantFrom(250, 1000, 5000, 20_000),
    percent: fc.double({ min: 0, max: 99, noNaN: true }),
  });

  it("never starts under pressure or beyond the limit, never touches the lead's pause, rate-limits shedding", () => {
    fc.assert(
      fc.property(
        fc.array(trackArb, { minLength: 1, maxLength: 6 }),
        fc.array(stepArb, { minLength: 1, maxLength: 60 }),
        fc.boolean(),
        (specs, steps, enabled) => {
          let tracks: GovernorTrack[] = specs.map((spec, index) =>
            makeTrack(`T${index}`, {
              position: index,
              priority: spec.priority,
              tier: spec.tier,
              status: spec.state === "ready" ? "ready" : spec.state === "running" ? "running" : "paused",
              pausedBy:
                spec.state === "paused-governor" ? "governor" : spec.state === "paused-lead" ? "lead" : null,
              estimateBytes: spec.estimateGb === null ? null : spec.estimateGb * GB,
              currentBytes: spec.state === "ready" ? 0 : spec.currentGb * GB,
              startedAt: spec.state === "ready" ? null : 0,
              progress: spec.state === "ready" ? 0 : spec.progress,
              model: spec.local ? { local: "l", cloud: "c" } : { local: null, cloud: null },
              modelInForce: spec.local ? "l" : null,
            }),
          );
          const leadPaused = new Set(tracks.filter((t) => t.pausedBy === "lead").map((t) => t.key));
          let memory = initialGovernorMemory();
          let now = 0;
          const zones: { at: number; zone: Zone }[] = [];
          let lastStop = Number.NEGATIVE_INFINITY;
          for (const step of steps) {
            now += step.dtMs;
            const input = makeInput(step.percent, tracks, { now, enabled });
            zones.push({ at: now, zone: input.zone });
            const decision = decideGovernorActions(input, memory);
            memory = decision.memory;
            const kinds = decision.actions.map((a) => a.kind);
            expect(kinds.filter((k) => k === "alert").length).toBeLessThanOrEqual(1);
            // Manual mode: alerts, and starts within the concurrency limit whatever the zone (checked below).
            if (!enabled) expect(kinds.every((k) => k === "alert" || k === "start")).toBe(true);
            for (const action of decision.actions) {
              if (action.kind === "alert") continue;
              const track = tracks.find((t) => t.key === action.trackKey);
              expect(track).toBeDefined();
              if (action.kind === "start") expect(track?.status).toBe("ready");
              if (action.kind === "start" && enabled) expect(["green", "yellow"]).toContain(input.zone);
              if ((action.kind === "start" && enabled) || action.kind === "resume") {
                // Adding load needs calm: no Orange or Red within the settle period before it.
                const recent = zones.filter((z) => z.at > now - POLICY.settleSeconds * 1000 && z.at <= now);
                expect(recent.every((z) => z.zone === "green" || z.zone === "yellow")).toBe(true);
              }
              if (action.kind === "resume") {
                expect(leadPaused.has(action.trackKey)).toBe(false);
                expect(track?.pausedBy).toBe("governor");
              }
              if (action.kind === "pause" || action.kind === "stop-requeue")
                expect(track?.priority).not.toBe("critical");
              if (action.kind === "stop-requeue") {
                expect(now - lastStop).toBeGreaterThanOrEqual(POLICY.graceSeconds * 1000);
                lastStop = now;
              }
            }
            tracks = applyActions(tracks, decision.actions, now);
            if (kinds.some((k) => k === "start" || k === "resume")) {
              expect(tracks.filter((t) => t.status === "running").length).toBeLessThanOrEqual(
                POLICY.maxConcurrent,
              );
            }
            const started = new Set(
              decision.actions.flatMap((a) => (a.kind === "start" ? [a.trackKey] : [])),
            );
            const readyKeys = input.tracks
              .filter((t) => t.status === "ready" && !started.has(t.key))
              .map((t) => t.key);
            expect(decision.queue.map((entry) => entry.trackKey).sort()).toEqual(readyKeys.sort());
          }
        },
      ),
      { numRuns: 300, seed: 20_260_101 },
    );
  });
});
