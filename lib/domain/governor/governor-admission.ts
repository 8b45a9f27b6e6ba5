// Admission: which ready tracks start now, and why each other one waits.
//
// Growth-aware: every started track's memory is projected as a curve over future time (memory-projection.ts) and a
// candidate starts when the sum of those curves plus its own stays below the admission line over its projected
// life. A track with nothing but an estimate holds that estimate from the start (the full reservation of old); a
// learned profile or a plan ramp lets tracks start while others are still small or about to end.

import { DEFAULT_BACKFILL_SECONDS } from "../plan/plan-defaults";
import { formatBytes, formatDuration } from "../units";
import { delayOfHead, inWords, type WaitingHead } from "./governor-backfill";
import { describeNeeds } from "./governor-needs";
import { compareForAdmission, describeTrack, formatPercent, PRIORITY_RANK, zoneName } from "./governor-order";
import { replanQueue } from "./governor-replan";
import type {
  AdmissionQueueEntry,
  GovernorAction,
  GovernorInput,
  GovernorTrack,
  QueueOrdering,
  WaitKind,
} from "./governor-types";
import {
  addToSum,
  estimateBias,
  modelTrack,
  type Projection,
  type ProjectionSum,
  peakOfSum,
  projectTrack,
  sumProjections,
  type TrackModel,
} from "./memory-projection";

/** Default of GovernorPolicy.maxRequeuesPerHour. */
export const DEFAULT_MAX_REQUEUES_PER_HOUR = 2;
/** A projection must stay this far below the admission line: sums of measured sizes are not exact to the byte. */
export const FIT_TOLERANCE_BYTES = 2 ** 20;
/** A track without estimate starts only with this much of the capacity free below the admission line (percent). */
export const UNKNOWN_RESERVATION_PERCENT = 25;

export type AdmissionOptions = {
  /** Closes admission altogether (pressure, recovery); null = open. */
  closedReason: string | null;
  /** Slots already taken by resumes in this same decision. */
  resumedNow: number;
  /** The track that waited for headroom at the head of the queue in earlier decisions, and since when. */
  queueHead: { trackKey: string; since: number } | null;
  /** The queue order of the pass before: this pass's search starts from it. */
  previousOrdering?: QueueOrdering | null;
};

export type AdmissionPlan = {
  starts: GovernorAction[];
  queue: AdmissionQueueEntry[];
  /** The first ready track that waits for headroom (not for a slot or a closed gate), null when none does. */
  blockedHead: string | null;
  ordering: QueueOrdering | null;
  /** How many tracks may run at once this pass: the policy's limit, or Infinity when memory decides. */
  concurrencyLimit: number;
};

/** Every track's model and projection, and the started tracks' curves summed over the memory no track accounts for. */
export type ProjectionState = {
  models: Map<string, TrackModel>;
  projections: Map<string, Projection>;
  started: ProjectionSum;
  lineBytes: number;
};

const isStarted = (track: GovernorTrack) => track.status === "running" || track.status === "paused";
const isOpen = (track: GovernorTrack) =>
  track.status === "pending" ||
  track.status === "ready" ||
  track.status === "running" ||
  track.status === "paused";

/** Projects every track from the input (see memory-projection.ts). */
export function projectState(input: GovernorInput): ProjectionState {
  const maxRequeuesPerHour = input.policy.maxRequeuesPerHour ?? DEFAULT_MAX_REQUEUES_PER_HOUR;
  const models = new Map<string, TrackModel>();
  const projections = new Map<string, Projection>();
  const bias = estimateBias(input.tracks);
  for (const track of input.tracks) {
    if (!isOpen(track)) continue;
    const model = modelTrack(track, { now: input.now, maxRequeuesPerHour, estimateBias: bias });
    models.set(track.key, model);
    projections.set(track.key, projectTrack(track, model));
  }
  const trackBytes = input.tracks.reduce((sum, t) => sum + (isStarted(t) ? t.currentBytes : 0), 0);
  const foreign = Math.max(0, input.usedBytes - trackBytes);
  const started = input.tracks.filter(isStarted).map((t) => projections.get(t.key)!);
  return {
    models,
    projections,
    started: sumProjections(started, foreign),
    lineBytes: (input.policy.admitBelow / 100) * input.capacityBytes,
  };
}

/** Projected use: the highest the started tracks' curves (and memory no track accounts for) reach from now on. */
export function projectedUse(input: GovernorInput): number {
  return peakOfSum(projectState(input).started).bytes;
}

/** How many may run: the policy's limit, or none when it is the tier's default and every track's size is known. */
export function concurrencyLimit(input: GovernorInput, state: ProjectionState): number {
  if (input.policy.maxConcurrentIsDefault !== true) return input.policy.maxConcurrent;
  for (const model of state.models.values()) {
    if (model.basis === "unknown" || model.basis === "observed") return input.policy.maxConcurrent;
  }
  return Number.POSITIVE_INFINITY;
}

/**
 * Starts ready tracks in admission order (or the replanned order) while their projections fit below the admission
 * line and slots remain.
 *
 * Backfill: when the head of the queue does not fit, later (equal or lower priority) tracks that do fit start past
 * it, like backfilling in a batch scheduler, but only when that does not delay the head's earliest projected fit
 * (EASY backfilling): a long track started past a big one would otherwise push it to the end of the run. In case
 * projections are wrong, backfill also stops once the head has waited `backfillSeconds`; from then on everything
 * queues behind it.
 *
 * A track with neither estimate nor profile starts only when no other such track is being learned and a quarter of
 * the room is free, never by backfill; while it runs and its growth is unknown no other track starts: its peak and
 * growth are learned first (and kept for its next runs).
 */
export function planAdmission(input: GovernorInput, options: AdmissionOptions): AdmissionPlan {
  const { policy, capacityBytes } = input;
  const state = projectState(input);
  const starts: GovernorAction[] = [];
  const queue: AdmissionQueueEntry[] = [];
  const line = state.lineBytes;
  /** Below the line by the tolerance: what a projection must stay under. */
  const limit = line - FIT_TOLERANCE_BYTES;
  const percentOf = (bytes: number) => (capacityBytes > 0 ? (bytes / capacityBytes) * 100 : 100);
  const admissionLine = `admission line ${policy.admitBelow} %`;
  const header = `${zoneName(input.zone)} zone (${formatPercent(input.usedPercent)})`;
  const backfillMs = (policy.backfillSeconds ?? DEFAULT_BACKFILL_SECONDS) * 1000;
  const slots = concurrencyLimit(input, state);

  let sum = state.started;
  let running = options.resumedNow + input.tracks.filter((track) => track.status === "running").length;
  type Blocked = { key: string; reason: string; backfill: boolean };
  // (a cast, so that TypeScript does not narrow it to null: holdHead assigns it from a closure)
  let blockedHead = null as Blocked | null;
  let closed: { kind: WaitKind; reason: (needs: number | null) => string } | null =
    options.closedReason === null ? null : { kind: "closed", reason: () => options.closedReason! };
  const learning = input.tracks.find(
    (t) => t.status === "running" && state.models.get(t.key)?.basis === "unknown",
  );
  if (closed === null && learning !== undefined) {
    const reason = `holding new starts while the memory of ${learning.key} (no RAM estimate) is learned`;
    closed = { kind: "learning", reason: () => reason };
  }

  const ready = input.tracks.filter((track) => track.status === "ready").sort(compareForAdmission);
  const headWaitedMs = (key: string) =>
    options.queueHead?.trackKey === key ? input.now - options.queueHead.since : 0;
  const head = ready[0];
  const holdOrder = head !== undefined && headWaitedMs(head.key) >= backfillMs;
  let order = ready;
  let ordering: QueueOrdering | null = null;
  if (closed === null && policy.replan !== false && !holdOrder && ready.length > 1) {
    const previous = options.previousOrdering ?? null;
    ordering = replanQueue({
      lineBytes: limit,
      started: sum,
      running: input.tracks
        .filter((t) => t.status === "running")
        .map((t) => state.projections.get(t.key)!)
        .map((p) => ({ endMs: p.endMs, peakBytes: p.peakBytes })),
      candidates: ready.map((t) => ({
        key: t.key,
        rank: 2 * PRIORITY_RANK[t.priority] + (t.dependantsWaiting > 0 ? 1 : 0),
        projection: state.projections.get(t.key)!,
      })),
      slots: slots - options.resumedNow,
      ...(previous?.method === "replanned"
        ? { previousOrder: previous.order, previousSource: previous.source }
        : {}),
      seed: input.now,
    });
    if (ordering.method === "replanned") {
      const byKey = new Map(ready.map((t) => [t.key, t]));
      order = ordering.order.flatMap((key) => (byKey.has(key) ? [byKey.get(key)!] : []));
    }
  }
  const replanned = ordering?.method === "replanned";

  /** The first track in order that waits for memory: later ones start past it only when they do not delay it. */
  let firstWaiting = null as WaitingHead | null;
  for (const track of order) {
    const model = state.models.get(track.key)!;
    const projection = state.projections.get(track.key)!;
    const unknown = model.basis === "unknown";
    const needs = unknown ? null : projection.peakBytes;
    const wait = (waitsFor: WaitKind, reason: string) =>
      queue.push({
        trackKey: track.key,
        position: track.position,
        priority: track.priority,
        needsBytes: needs,
        waitsFor,
        reason,
      });
    /** The first track that does not fit: later ones may start past it until it has waited backfillSeconds. */
    const holdHead = (short: string, waitsFor: WaitKind = "memory") => {
      const waitedMs = headWaitedMs(track.key);
      const backfill = waitedMs < backfillMs;
      const reason = backfill
        ? short
        : `${short}; it has waited ${formatDuration(waitedMs)}, so smaller tracks no longer start past it`;
      blockedHead = { key: track.key, reason, backfill };
      wait(waitsFor, reason);
    };
    if (closed !== null) {
      wait(closed.kind, closed.reason(needs));
      continue;
    }
    if (running >= slots) {
      const reason = `concurrency limit ${slots} reached (${running} running)`;
      closed = { kind: "slot", reason: () => reason };
      wait("slot", reason);
      continue;
    }
    if (blockedHead !== null && (unknown || !blockedHead.backfill)) {
      wait(
        blockedHead.backfill ? "memory" : "backfill-hold",
        behind(blockedHead.key, blockedHead.reason, needs),
      );
      continue;
    }
    if (unknown) {
      const free = line - peakOfSum(sum).bytes;
      const wanted = (UNKNOWN_RESERVATION_PERCENT / 100) * capacityBytes;
      if (free < wanted) {
        const short =
          `no RAM estimate: it starts with ${UNKNOWN_RESERVATION_PERCENT} % of the capacity free below the ` +
          `${admissionLine}; ${formatBytes(Math.max(0, free))} is (projected ${formatPercent(percentOf(peakOfSum(sum).bytes))})`;
        holdHead(short);
        continue;
      }
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)} without a RAM estimate (projected ` +
          `${formatPercent(percentOf(peakOfSum(sum).bytes))} < ${admissionLine}); no other track starts until ` +
          "its growth is known",
      });
      running += 1;
      const key = track.key;
      closed = {
        kind: "learning",
        reason: () => `holding new starts while the memory of ${key} (no RAM estimate) is learned`,
      };
      continue;
    }
    const peak = peakOfSum(sum, { extra: projection, untilMs: projection.endMs });
    const delay = peak.bytes < limit ? delayOfHead(firstWaiting, sum, projection, limit) : null;
    if (delay !== null) {
      wait(
        "backfill-hold",
        `fits, but starting it now would delay ${delay.headKey}, which waits ahead of it, from ` +
          `${inWords(delay.fromMs)} to ${inWords(delay.toMs)} (backfill only when the head is not delayed)`,
      );
      continue;
    }
    if (peak.bytes < limit) {
      sum = addToSum(sum, projection);
      running += 1;
      const past =
        blockedHead === null ? "" : `, ahead of ${blockedHead.key} which does not fit yet (backfill)`;
      const plan = replanned ? `, ${describeOrdering(ordering!)}` : "";
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)}: needs ${describeNeeds(track, model, projection)}, ` +
          `projected ${formatPercent(percentOf(peak.bytes))}${at(peak.atMs)} < ${admissionLine}${past}${plan}`,
      });
      continue;
    }
    const headroom = line - peakOfSum(sum, { untilMs: projection.endMs }).bytes;
    const short =
      `needs ${describeNeeds(track, model, projection)}, ${formatBytes(Math.max(0, headroom))} headroom below ` +
      `the admission line (${policy.admitBelow} %)` +
      (projection.steps.length > 1 || Number.isFinite(projection.endMs)
        ? `; projected ${formatPercent(percentOf(peak.bytes))}${at(peak.atMs)}`
        : "");
    if (firstWaiting === null) firstWaiting = { key: track.key, projection, fitsAtMs: null };
    if (blockedHead !== null) {
      wait("memory", behind(blockedHead.key, blockedHead.reason, needs));
      continue;
    }
    if (replanned) {
      // In the planner's order a track that does not fit now waits its turn; later ones start past it when they
      // do not delay it (see delayOfHead).
      wait("order", `${short}; ${describeOrdering(ordering!)}`);
      continue;
    }
    // Larger than the room on its own, with nothing else running or paused: waiting would be forever. Below the
    // Red line it starts alone (as GNU parallel starts a job when none runs; Yellow and Orange still watch it);
    // above it, it could only run in Red: it waits, and says what would let it run.
    const idle = running === 0 && starts.length === 0 && !input.tracks.some((t) => t.status === "paused");
    const redLine = (input.thresholds.red / 100) * capacityBytes;
    // (A raise for estimates that proved low elsewhere does not keep a track from running alone.)
    const ownPeak = projection.peakBytes / ("raised" in model ? (model.raised?.by ?? 1) : 1);
    if (idle && projection.peakBytes >= limit && ownPeak >= redLine) {
      holdHead(
        `${short}; on its own it needs more than the Red line (${input.thresholds.red} %): raise the RAM budget or lower its estimate`,
        "too-large",
      );
      continue;
    }
    if (idle && projection.peakBytes >= limit) {
      sum = addToSum(sum, projection);
      running += 1;
      starts.push({
        kind: "start",
        trackKey: track.key,
        reason:
          `${header}: starting ${describeTrack(track)} alone: it needs ${describeNeeds(track, model, projection)}, ` +
          `more than the room below the ${admissionLine}, but nothing else runs, so waiting would never end`,
      });
      closed = {
        kind: "memory",
        reason: () => `${track.key} runs alone: it needs more than the room below the ${admissionLine}`,
      };
      continue;
    }
    holdHead(short);
  }
  return { starts, queue, blockedHead: blockedHead?.key ?? null, ordering, concurrencyLimit: slots };
}

/** " in 12s" for a peak ahead, "" for one now. */
function at(atMs: number): string {
  return atMs >= 1000 ? ` in ${formatDuration(atMs)}` : "";
}

function describeOrdering(ordering: QueueOrdering): string {
  const replanned = ordering.replannedFinishMs ?? ordering.firstFitFinishMs;
  const how =
    ordering.source === "rcpsp" || ordering.source === "rcpsp-mean"
      ? "by the RCPSP planner"
      : `(${ordering.source})`;
  return (
    `order replanned ${how}: projected finish in ${formatDuration(replanned)} vs ` +
    `${formatDuration(ordering.firstFitFinishMs)} first-fit`
  );
}

function behind(headKey: string, headReason: string, needs: number | null): string {
  return `${needs === null ? "no RAM estimate" : `needs ${formatBytes(needs)}`}; queued behind ${headKey} (${headReason})`;
}
