// Paratrack's planner: turns a plan's tracks (durations, RAM, dependencies) into an execution strategy.
// Tracks are jobs of a resource-constrained project: RAM and concurrency slots (and any resource the
// plan declares, e.g. gpuGB) are renewable resources, and planner-core finds a short schedule.

import type { TrackPlan } from "../types";
import { formatBytes, formatDuration } from "../units";
import { type ProjectSchedule, type RcpspProblem, scheduleInOrder, scheduleProject } from "./planner-core";
import { favourPriorities } from "./planner-priority";

export type { ProjectSchedule, RcpspJob, RcpspProblem, ScheduleOptions } from "./planner-core";
export { computeCriticalPath, ProjectError, scheduleInOrder, scheduleProject } from "./planner-core";

export type PlanTracksInput = {
  tracks: TrackPlan[];
  /** RAM the tracks may use together, in bytes (the caller picks the zone/tier line). */
  capacityBytes: number;
  /** Tracks that may run at once. */
  maxConcurrent: number;
  /** Capacities of extra renewable resources, by the names tracks use in TrackPlan.resources. */
  resources?: Record<string, number>;
  /** Duration assumed for a track whose plan gives none; 0 when omitted. */
  defaultDurationMs?: number;
  /** Search effort and seed, passed to scheduleProject. */
  passes?: number;
  seed?: number;
};

export type PlannedTrack = {
  key: string;
  /** Times in ms from the start of the plan. */
  plannedStartMs: number;
  plannedEndMs: number;
  /** Ends if every track takes its shortest / longest estimate, dispatched in the same order. */
  optimisticEndMs: number;
  pessimisticEndMs: number;
  /** The duration planned with: the midpoint of the track's range. */
  durationMs: number;
  /** True when the plan gives no duration and defaultDurationMs stood in. */
  durationAssumed: boolean;
  /** On the critical path: zero slack when resources are ignored. */
  critical: boolean;
  /** Tracks whose planned run overlaps this one. */
  concurrentWith: string[];
};

export type TrackSchedule = {
  /** Schedulable tracks, in plan order. */
  tracks: PlannedTrack[];
  makespanMs: number;
  optimisticMakespanMs: number;
  pessimisticMakespanMs: number;
  /** All tracks one after another, at their midpoint durations. */
  sequentialMs: number;
  /** (sequential − makespan) / sequential × 100; 0 when there is nothing to run. */
  timeSavedPercent: number;
  /** Zero-slack tracks when resources are ignored, by earliest start. */
  criticalPath: string[];
  /** Longest path through the dependencies alone: the plan's length with unlimited resources. */
  criticalPathMs: number;
  peakPlannedBytes: number;
  /** The plan in sentences, in the order things happen. */
  strategy: string[];
  unschedulable: { key: string; reason: string }[];
};

const DEFAULT_PLAN_PASSES = 400;

/** Plans when each track starts so RAM, slots and declared resources are never exceeded and all finish soonest. */
export function planTracks(input: PlanTracksInput): TrackSchedule {
  if (!Number.isFinite(input.capacityBytes) || input.capacityBytes <= 0) {
    throw new RangeError(`capacityBytes must be a positive number, got ${input.capacityBytes}`);
  }
  if (!Number.isInteger(input.maxConcurrent) || input.maxConcurrent < 1) {
    throw new RangeError(`maxConcurrent must be an integer ≥ 1, got ${input.maxConcurrent}`);
  }
  const defaultDurationMs = input.defaultDurationMs ?? 0;
  if (!Number.isFinite(defaultDurationMs) || defaultDurationMs < 0) {
    throw new RangeError(`defaultDurationMs must be ≥ 0, got ${defaultDurationMs}`);
  }
  const extraNames = Object.keys(input.resources ?? {}).sort();
  const extraCapacity = extraNames.map((name) => input.resources?.[name] ?? 0);

  const { planned, unschedulable } = sortOutTracks(input, extraNames);
  const estimates = planned.map((t) => estimateOf(t, defaultDurationMs));
  const problemWith = (pick: (e: Estimate) => number): RcpspProblem => ({
    capacities: [input.capacityBytes, input.maxConcurrent, ...extraCapacity],
    jobs: planned.map((t, i) => ({
      id: t.key,
      duration: pick(estimates[i]!),
      demands: [t.ramBytes ?? 0, 1, ...extraNames.map((name) => t.resources[name] ?? 0)],
      predecessors: t.dependsOn,
    })),
  });
  const expected = problemWith((e) => e.midMs);
  const shortest = scheduleProject(expected, {
    passes: input.passes ?? DEFAULT_PLAN_PASSES,
    seed: input.seed,
    preferLowPeak: true,
  });
  const plan = favourPriorities(
    expected,
    shortest,
    Object.fromEntries(planned.map((t) => [t.key, t.priority])),
  );
  // The engine dispatches tracks in plan order as room frees up, so the optimistic and pessimistic
  // figures replay that order with the shortest and longest estimates rather than replanning. (List
  // scheduling can, rarely, finish later with shorter jobs — Graham's anomaly; the figures show it.)
  const optimistic = scheduleInOrder(
    problemWith((e) => e.minMs),
    plan.order,
  );
  const pessimistic = scheduleInOrder(
    problemWith((e) => e.maxMs),
    plan.order,
  );

  const plannedTracks: PlannedTrack[] = planned.map((t, i) => {
    const start = plan.starts[t.key]!;
    const end = plan.finishes[t.key]!;
    return {
      key: t.key,
      plannedStartMs: start,
      plannedEndMs: end,
      optimisticEndMs: optimistic.finishes[t.key]!,
      pessimisticEndMs: pessimistic.finishes[t.key]!,
      durationMs: estimates[i]!.midMs,
      durationAssumed: estimates[i]!.assumed,
      critical: plan.slack[t.key] === 0,
      concurrentWith: planned
        .filter((o) => o.key !== t.key && plan.starts[o.key]! < end && start < plan.finishes[o.key]!)
        .map((o) => o.key),
    };
  });
  const sequentialMs = estimates.reduce((sum, e) => sum + e.midMs, 0);
  const schedule: TrackSchedule = {
    tracks: plannedTracks,
    makespanMs: plan.makespan,
    optimisticMakespanMs: optimistic.makespan,
    pessimisticMakespanMs: pessimistic.makespan,
    sequentialMs,
    timeSavedPercent: sequentialMs > 0 ? ((sequentialMs - plan.makespan) / sequentialMs) * 100 : 0,
    criticalPath: plan.criticalPath,
    criticalPathMs: plan.criticalPathLength,
    peakPlannedBytes: plan.peakUsage[0] ?? 0,
    strategy: [],
    unschedulable,
  };
  schedule.strategy = describeStrategy(input, planned, plan, schedule, extraNames);
  return schedule;
}

type Estimate = { minMs: number; midMs: number; maxMs: number; assumed: boolean };

function estimateOf(track: TrackPlan, defaultDurationMs: number): Estimate {
  if (track.duration === null) {
    return { minMs: defaultDurationMs, midMs: defaultDurationMs, maxMs: defaultDurationMs, assumed: true };
  }
  const { minMs, maxMs } = track.duration;
  return { minMs, midMs: (minMs + maxMs) / 2, maxMs, assumed: false };
}

// ---------------------------------------------------------------------------------------------
// Tracks that cannot be planned, with the reason a person needs to fix the plan

/** Splits the tracks into those that can be planned and those that cannot, with the reason to fix. */
function sortOutTracks(
  input: PlanTracksInput,
  extraNames: string[],
): { planned: TrackPlan[]; unschedulable: { key: string; reason: string }[] } {
  const unschedulable: { key: string; reason: string }[] = [];
  const byKey = new Map<string, TrackPlan>();
  const reasons = new Map<string, string>();
  for (const track of input.tracks) {
    if (byKey.has(track.key)) {
      // The first track with a key is planned; later copies are reported.
      unschedulable.push({ key: track.key, reason: `another track already uses the key "${track.key}"` });
      continue;
    }
    byKey.set(track.key, track);
    const reason = checkOwnDemands(track, input, extraNames);
    if (reason !== null) reasons.set(track.key, reason);
  }
  for (const track of byKey.values()) {
    if (reasons.has(track.key)) continue;
    const unknown = track.dependsOn.filter((d) => !byKey.has(d));
    if (unknown.length > 0)
      reasons.set(track.key, `it depends on ${unknown.join(", ")}, which the plan does not define`);
  }
  const cycles = [...byKey.keys()]
    .filter((key) => !reasons.has(key))
    .map((key) => [key, findPathBack(key, byKey, reasons)] as const);
  for (const [key, path] of cycles) {
    if (path !== null) reasons.set(key, `it is in a dependency cycle: ${path.join(" → ")}`);
  }
  // Whatever depends, directly or not, on a rejected track cannot run either.
  let changed = true;
  while (changed) {
    changed = false;
    for (const track of byKey.values()) {
      if (reasons.has(track.key)) continue;
      const bad = track.dependsOn.filter((d) => reasons.has(d));
      if (bad.length > 0) {
        reasons.set(track.key, `it depends on ${bad.join(", ")}, which cannot be scheduled`);
        changed = true;
      }
    }
  }
  for (const key of byKey.keys()) {
    const reason = reasons.get(key);
    if (reason !== undefined) unschedulable.push({ key, reason });
  }
  return { planned: [...byKey.values()].filter((t) => !reasons.has(t.key)), unschedulable };
}

function checkOwnDemands(track: TrackPlan, input: PlanTracksInput, extraNames: string[]): string | null {
  if (track.duration !== null) {
    const { minMs, maxMs } = track.duration;
    if (!(Number.isFinite(minMs) && Number.isFinite(maxMs) && minMs >= 0 && maxMs >= minMs)) {
      return `its duration range ${formatDuration(minMs)}–${formatDuration(maxMs)} is not valid`;
    }
  }
  const ram = track.ramBytes;
  if (ram !== null && !(Number.isFinite(ram) && ram >= 0)) return `its RAM estimate ${ram} is not valid`;
  if (ram !== null && ram > input.capacityBytes) {
    return `its ${formatBytes(ram)} alone exceeds the ${formatBytes(input.capacityBytes)} available`;
  }
  for (const [name, amount] of Object.entries(track.resources)) {
    if (!(Number.isFinite(amount) && amount >= 0)) return `its ${name} demand ${amount} is not valid`;
    if (amount === 0) continue;
    if (!extraNames.includes(name))
      return `it needs ${amount} ${name}, but the plan declares no ${name} capacity`;
    const capacity = input.resources?.[name] ?? 0;
    if (amount > capacity) return `its ${amount} ${name} alone exceeds the ${capacity} ${name} available`;
  }
  return null;
}

/** A dependency path from key back to itself, or null. */
function findPathBack(
  key: string,
  byKey: Map<string, TrackPlan>,
  rejected: Map<string, string>,
): string[] | null {
  const seen = new Set<string>();
  const walk = (at: string, path: string[]): string[] | null => {
    for (const dep of byKey.get(at)?.dependsOn ?? []) {
      if (dep === key) return [...path, dep];
      if (seen.has(dep) || rejected.has(dep) || !byKey.has(dep)) continue;
      seen.add(dep);
      const found = walk(dep, [...path, dep]);
      if (found) return found;
    }
    return null;
  };
  return walk(key, [key]);
}

// ---------------------------------------------------------------------------------------------
// The plan in sentences

function describeStrategy(
  input: PlanTracksInput,
  planned: TrackPlan[],
  plan: ProjectSchedule,
  schedule: TrackSchedule,
  extraNames: string[],
): string[] {
  const lines: string[] = [];
  const joinKeys = (ts: TrackPlan[]) => ts.map((t) => t.key).join(" + ");
  const startOf = (t: TrackPlan) => plan.starts[t.key]!;
  const endOf = (t: TrackPlan) => plan.finishes[t.key]!;
  const ramOf = (ts: TrackPlan[]) => {
    const known = ts.filter((t) => t.ramBytes !== null);
    const total = formatBytes(known.reduce((s, t) => s + (t.ramBytes ?? 0), 0));
    return known.length === ts.length ? total : `${total} + unestimated`;
  };

  const first = planned.filter((t) => startOf(t) === 0);
  const ofCapacity = `of ${formatBytes(input.capacityBytes)}`;
  if (first.length > 1) lines.push(`Launch ${joinKeys(first)} concurrently (${ramOf(first)} ${ofCapacity})`);
  else if (first.length === 1) lines.push(`Launch ${joinKeys(first)} (${ramOf(first)} ${ofCapacity})`);

  const later = planned.filter((t) => startOf(t) > 0).sort((a, b) => startOf(a) - startOf(b));
  for (const track of later) {
    const at = startOf(track);
    const when = `Start ${track.key} at ${formatDuration(at)}`;
    const ends = `it ends at ${formatDuration(endOf(track))}`;
    const deps = planned.filter((t) => track.dependsOn.includes(t.key) && endOf(t) === at);
    if (deps.length > 0) {
      lines.push(
        `${when}, when ${joinKeys(deps)} ${finishVerb(deps)} (${track.key} depends on ${deps.length > 1 ? "them" : "it"}); ${ends}`,
      );
      continue;
    }
    const freeing = planned.filter((t) => t !== track && endOf(t) === at && startOf(t) < at);
    // What occupied the machine just before: a resource that would overflow then is why it waited.
    const present = planned.filter((t) => t !== track && startOf(t) < at && endOf(t) >= at);
    const blocker = describeBlocker(track, present, input, extraNames);
    const whenFreed = freeing.length > 0 ? `, when ${joinKeys(freeing)} ${finishVerb(freeing)}` : "";
    lines.push(
      `${when}${whenFreed}: ${blocker ?? "the earliest its demands fit for its whole run"}; ${ends}`,
    );
  }

  const { optimisticMakespanMs: best, pessimisticMakespanMs: worst, makespanMs } = schedule;
  const range =
    best === worst && worst === makespanMs ? "" : ` (${formatDuration(best)}–${formatDuration(worst)})`;
  if (planned.length > 0) {
    lines.push(
      `Expected completion ${formatDuration(makespanMs)}${range} vs ${formatDuration(schedule.sequentialMs)} sequential: ${Math.round(schedule.timeSavedPercent)} % time saved`,
    );
  }
  const stretch = schedule.makespanMs - schedule.criticalPathMs;
  if (stretch > 1e-9 * Math.max(1, schedule.makespanMs)) {
    lines.push(
      `Resource limits add ${formatDuration(stretch)} to the ${formatDuration(schedule.criticalPathMs)} the dependencies alone would take`,
    );
  }
  for (const { key, reason } of schedule.unschedulable) lines.push(`${key} cannot be scheduled: ${reason}`);
  return lines;
}

function finishVerb(tracks: TrackPlan[]): string {
  return tracks.length > 1 ? "finish" : "finishes";
}

/** The first resource the track would overflow beside the given tracks, in words; null if none. */
function describeBlocker(
  track: TrackPlan,
  present: TrackPlan[],
  input: PlanTracksInput,
  extraNames: string[],
): string | null {
  if (present.length === 0) return null;
  // Name only the tracks that hold the resource in question.
  const holding = (demand: (t: TrackPlan) => number) =>
    present
      .filter((t) => demand(t) > 0)
      .map((t) => t.key)
      .join(" + ");
  const ramOf = (t: TrackPlan) => t.ramBytes ?? 0;
  const ram = ramOf(track);
  const ramBeside = present.reduce((s, t) => s + ramOf(t), 0);
  if (ram > 0 && ram + ramBeside > input.capacityBytes) {
    return `its ${formatBytes(ram)} does not fit beside ${holding(ramOf)} (${formatBytes(ramBeside)}) within ${formatBytes(input.capacityBytes)}`;
  }
  if (present.length + 1 > input.maxConcurrent) {
    return `${holding(() => 1)} ${present.length > 1 ? "were" : "was"} already running (at most ${input.maxConcurrent} at once)`;
  }
  for (const name of extraNames) {
    const demandOf = (t: TrackPlan) => t.resources[name] ?? 0;
    const own = demandOf(track);
    const beside = present.reduce((s, t) => s + demandOf(t), 0);
    const capacity = input.resources?.[name] ?? 0;
    if (own > 0 && own + beside > capacity) {
      return `its ${own} ${name} does not fit beside ${holding(demandOf)} (${beside} ${name}) within ${capacity} ${name}`;
    }
  }
  return null;
}
