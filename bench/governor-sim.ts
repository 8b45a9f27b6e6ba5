// A modelled world for the governor benchmark's job sets: the real decision function
// (lib/domain/governor/governor.ts) fed the way the engine is meant to feed it (running time, the attempt's
// observation, learned profiles, requeues), and a model of GNU parallel --memfree beside it. Pure: no processes, no
// clock but the one passed in.
//
// The world: a running job holds what the demo agent would (jobBytesAt), a paused one keeps its memory and its
// progress, a stopped one frees both and goes back to the queue; each attempt lasts the job's length times a
// deterministic jitter. Zones come from the budget view (the jobs' memory vs the usable memory) with hysteresis.
import { decideGovernorActions, initialGovernorMemory } from "../lib/domain/governor/governor";
import { makeTrack } from "../lib/domain/governor/governor-fixtures";
import type {
  GovernorAction,
  GovernorMemory,
  GovernorPolicy,
  GovernorTrack,
} from "../lib/domain/governor/governor-types";
import {
  type AttemptObservation,
  learnProfile,
  type MemoryProfile,
  observeMemory,
} from "../lib/domain/governor/memory-profile";
import { furthestProgress, observeProgress, type ProgressPoint } from "../lib/domain/governor/progress-pace";
import { classifyZone } from "../lib/domain/governor/zones";
import type { Zone, ZoneThresholds } from "../lib/domain/types";
import { type BenchJob, jobBytesAt } from "./governor-jobs";

export const SIM_THRESHOLDS: ZoneThresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };
const TICK_MS = 250;
const LIMIT_MS = 60 * 60_000;

/** Learned profiles by track key: what the engine keeps in its database between runs. */
export type ProfileStore = Map<string, MemoryProfile>;

export type EstimateMode = "correct" | "low" | "none";

export type SimOptions = {
  usableBytes: number;
  estimates: EstimateMode;
  /** Profiles learned by earlier runs (read, and updated in a copy returned with the result). */
  store?: ProfileStore;
  /** Each attempt lasts its length × (1 ± jitter), drawn from `seed`. */
  jitter?: number;
  seed?: number;
  /** "legacy": feed only what the engine fed before (no running time, observation, profiles or requeues). */
  feed?: "full" | "legacy";
  /** Give the plan each job's nominal length as its duration. */
  planDurations?: boolean;
  /** The plan's ramProfile.rampTo (percent) for every job, when the plan states one. */
  planRampTo?: number | null;
  policy?: Partial<GovernorPolicy>;
  /** Times each decision when given (e.g. performance.now): for the replanning cost. */
  clock?: () => number;
};

export type SimResult = {
  makespanSeconds: number;
  peakPercent: number;
  completed: number;
  counts: Record<GovernorAction["kind"], number>;
  /** Pauses plus stop-requeues: what optimism cost. */
  corrections: number;
  redMs: number;
  replanned: number;
  /** Decision times in ms when a clock was given. */
  decisionMs: number[];
  store: ProfileStore;
  /** What happened when, for reading a run: "12.0 s start f01", "30.5 s end f01", "…  use 71 %". */
  timeline: string[];
};

type JobState = {
  job: BenchJob;
  workMs: number;
  attemptMs: number;
  observation: AttemptObservation | null;
  /** When the attempt first reported each progress figure. */
  progress: ProgressPoint[];
  requeuedAt: number[];
  attempt: number;
};

/** Deterministic jitter in [-1, 1] per job and attempt. */
function noise(seed: number, key: string, attempt: number): number {
  let h = 2166136261 ^ seed;
  for (const ch of `${key}#${attempt}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return ((h >>> 0) / 0xffffffff) * 2 - 1;
}

/** Runs the job set once under the governor and returns its figures and the profiles it learned. */
export function simulateGovernorRun(jobs: readonly BenchJob[], options: SimOptions): SimResult {
  const feed = options.feed ?? "full";
  const store: ProfileStore = new Map(options.store ?? []);
  const jitter = options.jitter ?? 0;
  const seed = options.seed ?? 1;
  const factor = options.estimates === "low" ? 0.7 : 1;
  const states = new Map<string, JobState>(
    jobs.map((job) => [
      job.key,
      { job, workMs: 0, attemptMs: 0, observation: null, progress: [], requeuedAt: [], attempt: 0 },
    ]),
  );
  const attemptLength = (state: JobState) =>
    state.job.seconds * 1000 * (1 + jitter * noise(seed, state.job.key, state.attempt));
  let tracks: GovernorTrack[] = jobs.map((job, position) =>
    makeTrack(job.key, {
      position,
      estimateBytes: options.estimates === "none" ? null : Math.round(job.sizeBytes * factor),
      ...(feed === "full"
        ? {
            duration: options.planDurations ? { minMs: job.seconds * 1000, maxMs: job.seconds * 1000 } : null,
            rampToPercent: options.planRampTo ?? null,
          }
        : {}),
    }),
  );
  const policy: GovernorPolicy = {
    admitBelow: 75,
    graceSeconds: 5,
    settleSeconds: 10,
    maxConcurrent: jobs.length,
    baseIntervalMs: 1000,
    fastIntervalMs: 250,
    backfillSeconds: 300,
    ...options.policy,
  };
  const counts: SimResult["counts"] = {
    start: 0,
    pause: 0,
    resume: 0,
    "stop-requeue": 0,
    "swap-model": 0,
    alert: 0,
  };
  let memory: GovernorMemory = initialGovernorMemory();
  let zone: Zone | null = null;
  let now = 0;
  let nextDecisionAt = 0;
  let peakPercent = 0;
  let redMs = 0;
  let replanned = 0;
  const decisionMs: number[] = [];
  const timeline: string[] = [];
  const mark = (what: string) => timeline.push(`${(now / 1000).toFixed(2)} s ${what}`);

  while (now < LIMIT_MS && tracks.some((t) => t.status !== "completed")) {
    const usedBytes = tracks.reduce((sum, t) => sum + t.currentBytes, 0);
    const usedPercent = (usedBytes / options.usableBytes) * 100;
    peakPercent = Math.max(peakPercent, usedPercent);
    zone = classifyZone(usedPercent, SIM_THRESHOLDS, zone);
    if (zone === "red") redMs += TICK_MS;
    if (now >= nextDecisionAt) {
      const fed = tracks.map((t) => withFeeding(t, states.get(t.key)!, store, feed));
      const before = options.clock?.();
      const decision = decideGovernorActions(
        {
          now,
          zone,
          usedPercent,
          usedBytes,
          capacityBytes: options.usableBytes,
          thresholds: SIM_THRESHOLDS,
          policy,
          enabled: true,
          tracks: fed,
        },
        memory,
      );
      if (before !== undefined && options.clock) decisionMs.push(options.clock() - before);
      memory = decision.memory;
      if (decision.ordering?.method === "replanned") replanned += 1;
      nextDecisionAt = now + decision.sampleIntervalMs;
      for (const action of decision.actions) {
        counts[action.kind] += 1;
        if (action.kind !== "alert")
          mark(`${action.kind} ${action.trackKey} (use ${usedPercent.toFixed(0)} %): ${action.reason}`);
        if (action.kind === "alert" || action.kind === "swap-model") continue;
        const state = states.get(action.trackKey)!;
        if (action.kind === "start") {
          state.workMs = 0;
          state.attemptMs = attemptLength(state);
          state.observation = null;
          state.progress = [];
        }
        if (action.kind === "stop-requeue") {
          if (state.observation)
            store.set(
              state.job.key,
              learnProfile(store.get(state.job.key) ?? null, state.observation, false, state.progress),
            );
          state.observation = null;
          state.progress = [];
          state.requeuedAt.push(now);
          state.workMs = 0;
          state.attempt += 1;
        }
        tracks = tracks.map((t) => (t.key === action.trackKey ? applyAction(t, action, now) : t));
      }
    }
    now += TICK_MS;
    let ended = false;
    tracks = tracks.map((t) => {
      if (t.status !== "running") return t;
      const state = states.get(t.key)!;
      state.workMs += TICK_MS;
      if (state.workMs >= state.attemptMs) {
        if (state.observation)
          store.set(t.key, learnProfile(store.get(t.key) ?? null, state.observation, true, state.progress));
        state.observation = null;
        ended = true;
        mark(`end ${t.key}`);
        return { ...t, status: "completed", currentBytes: 0, progress: 100 };
      }
      const currentBytes = jobBytesAt(state.job, state.workMs, state.attemptMs);
      state.observation = observeMemory(state.observation, state.workMs, currentBytes);
      // The demo agent reports progress in steps of 5 %.
      const progress = 5 * Math.floor((state.workMs / state.attemptMs) * 20);
      state.progress = observeProgress(state.progress, state.workMs, progress) ?? [];
      return {
        ...t,
        currentBytes,
        observedPeakBytes: Math.max(t.observedPeakBytes ?? 0, currentBytes),
        progress,
      };
    });
    // The engine decides at once when a track ends, so the queue moves without waiting for the next sample.
    if (ended) nextDecisionAt = now;
  }
  return {
    makespanSeconds: now / 1000,
    peakPercent,
    completed: tracks.filter((t) => t.status === "completed").length,
    counts,
    corrections: counts.pause + counts["stop-requeue"],
    redMs,
    replanned,
    decisionMs,
    store,
    timeline,
  };
}

/** The track as the engine would feed it (see GovernorTrack): running time, observation, profile, requeues. */
function withFeeding(
  track: GovernorTrack,
  state: JobState,
  store: ProfileStore,
  feed: "full" | "legacy",
): GovernorTrack {
  if (feed === "legacy") return track;
  const started = track.status === "running" || track.status === "paused";
  return {
    ...track,
    runningMs: started ? state.workMs : null,
    observation: started ? state.observation : null,
    progressReached: started && feed === "full" ? furthestProgress(state.progress) : null,
    profile: store.get(track.key) ?? null,
    requeuedAt: state.requeuedAt,
  };
}

function applyAction(t: GovernorTrack, action: GovernorAction, now: number): GovernorTrack {
  switch (action.kind) {
    case "start":
      return { ...t, status: "running", startedAt: now, currentBytes: 0, progress: 0, pausedBy: null };
    case "pause":
      return { ...t, status: "paused", pausedBy: "governor" };
    case "resume":
      return { ...t, status: "running", pausedBy: null };
    case "stop-requeue":
      return { ...t, status: "ready", currentBytes: 0, progress: 0, pausedBy: null, startedAt: null };
    case "swap-model":
    case "alert":
      return t;
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

export type MemfreeOptions = {
  usableBytes: number;
  /** The machine's headroom floor (the benchmark's 12 % of physical): --memfree is twice that. */
  floorBytes: number;
  /** How often GNU parallel looks at free memory. */
  pollMs?: number;
  jitter?: number;
  seed?: number;
};

/**
 * GNU parallel --memfree 2×floor --retries in the benchmark's room: it starts the next job (one per poll) while free
 * memory is at least 2 × floor, i.e. the jobs hold less than usable − floor, and kills the youngest job (which is
 * requeued to restart from the beginning) once free memory is below the floor, i.e. the jobs hold more than usable.
 */
export function simulateMemfree(
  jobs: readonly BenchJob[],
  options: MemfreeOptions,
): { makespanSeconds: number; kills: number; peakPercent: number } {
  const pollMs = options.pollMs ?? 1000;
  const jitter = options.jitter ?? 0;
  const seed = options.seed ?? 1;
  const queue = [...jobs];
  const running: { job: BenchJob; workMs: number; lengthMs: number; startedAt: number }[] = [];
  const attempts = new Map<string, number>();
  let now = 0;
  let kills = 0;
  let done = 0;
  let peakPercent = 0;
  let nextPoll = 0;
  while (done < jobs.length && now < LIMIT_MS) {
    const held = () => running.reduce((sum, r) => sum + jobBytesAt(r.job, r.workMs, r.lengthMs), 0);
    peakPercent = Math.max(peakPercent, (held() / options.usableBytes) * 100);
    if (now >= nextPoll) {
      nextPoll = now + pollMs;
      if (held() > options.usableBytes && running.length > 0) {
        const youngest = running.reduce((a, b) => (b.startedAt > a.startedAt ? b : a));
        running.splice(running.indexOf(youngest), 1);
        queue.push(youngest.job);
        kills += 1;
      } else if (queue.length > 0 && held() < options.usableBytes - options.floorBytes) {
        const job = queue.shift()!;
        const attempt = attempts.get(job.key) ?? 0;
        attempts.set(job.key, attempt + 1);
        const lengthMs = job.seconds * 1000 * (1 + jitter * noise(seed, job.key, attempt));
        running.push({ job, workMs: 0, lengthMs, startedAt: now });
      }
    }
    now += TICK_MS;
    for (let i = running.length - 1; i >= 0; i--) {
      const r = running[i]!;
      r.workMs += TICK_MS;
      if (r.workMs >= r.lengthMs) {
        running.splice(i, 1);
        done += 1;
        nextPoll = now;
      }
    }
  }
  return { makespanSeconds: now / 1000, kills, peakPercent };
}
