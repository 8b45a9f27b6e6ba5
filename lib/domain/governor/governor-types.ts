// The governor's input, output and memory. Pure data, serialisable, no runtime imports.

import type {
  AgentTier,
  DurationRange,
  PausedBy,
  Priority,
  TrackStatus,
  Zone,
  ZoneThresholds,
} from "../types";
import type { AttemptObservation, MemoryProfile } from "./memory-profile";
import type { ProgressPoint } from "./progress-pace";

/** Criteria for choosing which track to pause or stop first; the first that differs decides. */
export type VictimCriterion =
  /** lowest priority first (low, then standard, then critical) */
  | "priority"
  /** sub-agents before primaries */
  | "tier"
  /** least progress first: the least work lost */
  | "progress"
  /** latest start first, like GNU parallel's --memfree killing the youngest job */
  | "youngest"
  /** largest current use first, like kubelet's eviction by use */
  | "memory";

export type GovernorPolicy = {
  /** Admission line in percent of capacity: start tracks only while projected use stays below it. */
  admitBelow: number;
  /** How long Red may last (since it began or since the last stop) before a track is stopped and requeued. */
  graceSeconds: number;
  /** How long use must stay below the Yellow line before a paused track is resumed, and between resumes. */
  settleSeconds: number;
  /** Concurrency limit: running tracks; paused tracks hold memory but no slot. */
  maxConcurrent: number;
  /** Sampling interval in Green. */
  baseIntervalMs: number;
  /** Sampling interval in Yellow or worse. */
  fastIntervalMs: number;
  /** Victim order for pauses and stops; default DEFAULT_VICTIM_ORDER. */
  victimOrder?: VictimCriterion[];
  /** Minimum time between two deferral steps (pause or model swap) in Orange; default DEFAULT_COOLDOWN_SECONDS. */
  cooldownSeconds?: number;
  /**
   * How long the head of the queue may wait for memory while smaller tracks start past it (backfill); 0 = strict
   * admission order. Default DEFAULT_BACKFILL_SECONDS.
   */
  backfillSeconds?: number;
  /**
   * True when maxConcurrent is the RAM tier's default rather than the plan's own number. Then, once every track
   * has a memory projection (an estimate or a learned profile), memory alone decides how many run; the tier's
   * number still limits plans with tracks of unknown size. Default false (maxConcurrent always applies).
   */
  maxConcurrentIsDefault?: boolean;
  /** Times one track may be stopped and requeued within an hour before it waits for room instead; default 2. */
  maxRequeuesPerHour?: number;
  /** Let the RCPSP planner reorder the queue when its order finishes sooner by the projection; default true. */
  replan?: boolean;
};

/** One track as the governor sees it: plan facts plus what the monitor observed. */
export type GovernorTrack = {
  key: string;
  /** Plan order, 0-based. */
  position: number;
  priority: Priority;
  tier: AgentTier;
  status: TrackStatus;
  pausedBy: PausedBy | null;
  /** The plan's RAM estimate in bytes. */
  estimateBytes: number | null;
  /** Highest use seen, in earlier attempts or this one. */
  observedPeakBytes: number | null;
  currentBytes: number;
  /** Start of the current attempt, epoch ms. */
  startedAt: number | null;
  /** 0–100. */
  progress: number;
  /**
   * [running ms, percent] of the current attempt's furthest progress report, when it was first reported; null or
   * absent when not known (no report yet, or the attempt was not watched from its start).
   */
  progressReached?: ProgressPoint | null;
  /** Tracks that depend on this one and are not done. */
  dependantsWaiting: number;
  model: { local: string | null; cloud: string | null };
  modelInForce: string | null;
  // ---- What growth-aware admission reads. Every field is optional: a missing one means "not known", and the
  // governor then falls back to reserving the track's full estimate for its whole life, as before.
  /** Running time of the current attempt in ms (pauses excluded); null or absent when it has not started. */
  runningMs?: number | null;
  /** The plan's duration estimate (TrackPlan.duration): its upper end is when the track is expected to end. */
  duration?: DurationRange | null;
  /** The plan's growth shape (TrackPlan.ramProfile.rampTo): percent of the duration by which it reaches `ram`. */
  rampToPercent?: number | null;
  /** This track's learned profile from earlier attempts and runs (stored per plan + track key), null when none. */
  profile?: MemoryProfile | null;
  /** A learned profile of another track of the same kind (same agent command), for its growth shape; or null. */
  kindProfile?: MemoryProfile | null;
  /** The current attempt's samples folded with observeMemory, null before the first sample. */
  observation?: AttemptObservation | null;
  /** Epoch ms of this track's stop-requeues (the last hour's are enough). */
  requeuedAt?: number[];
  /** Whether a stop now would resume the agents' sessions (resume command + session) or start over; absent: none. */
  resumability?: Resumability;
};

/** How much of a stopped track's work its next attempt resumes: every agent's session, some, or none. */
export type Resumability = "all" | "some" | "none";

export type GovernorInput = {
  /** Epoch ms. */
  now: number;
  /** The zone, already classified (with hysteresis) from the view below. */
  zone: Zone;
  usedPercent: number;
  usedBytes: number;
  capacityBytes: number;
  thresholds: ZoneThresholds;
  policy: GovernorPolicy;
  /** false = manual mode: alerts, and starts within policy.maxConcurrent only; the others wait for a slot. */
  enabled: boolean;
  tracks: GovernorTrack[];
};

export type GovernorAction =
  | { kind: "start"; trackKey: string; reason: string }
  | { kind: "pause"; trackKey: string; reason: string }
  | { kind: "resume"; trackKey: string; reason: string }
  /** Kill the track's agents and put it back in the queue; it starts again later, resuming its agents' sessions when it can, else from the beginning. */
  | { kind: "stop-requeue"; trackKey: string; reason: string }
  /** Restart the track's agents with this model (PARATRACK_MODEL). */
  | { kind: "swap-model"; trackKey: string; toModel: string; reason: string }
  | { kind: "alert"; zone: Zone; reason: string };

export type GovernorActionKind = GovernorAction["kind"];

/** A ready track that was not started, and why. */
export type AdmissionQueueEntry = {
  trackKey: string;
  position: number;
  priority: Priority;
  /** The RAM it is expected to need at its peak (estimate, learned peak or profile), null when unknown. */
  needsBytes: number | null;
  /** Why it waits, as a category for display; `reason` says it in words. */
  waitsFor: WaitKind;
  reason: string;
};

/**
 * Why a track waits: "memory" the projection does not fit below the admission line; "slot" the concurrency limit;
 * "dependency" a track it depends on is not done (the engine's, for pending tracks); "backfill-hold" it queues behind
 * a head that has waited too long; "learning" a track without an estimate is being learned first; "order" the
 * replanned order starts others first; "closed" admission is closed (pressure, recovery); "database"
 * the database cannot be written (the engine's: nothing is launched that the record could not find again).
 */
export type WaitKind =
  | "memory"
  | "slot"
  | "dependency"
  | "backfill-hold"
  | "learning"
  | "order"
  | "closed"
  | "database"
  /** Larger than the Red line on its own: only a larger budget (or a smaller estimate) lets it run. */
  | "too-large";

/** What the governor remembers between decisions. Plain JSON; store it as is. */
export type GovernorMemory = {
  /** Zone of the previous decision. */
  zone: Zone | null;
  /** When the current Red episode began; held through dips into Orange, cleared below Orange. */
  redSince: number | null;
  /** Since when the zone has been Green without a break. */
  calmSince: number | null;
  /** Orange or Red was seen and Green has not yet held for settleSeconds: no admission meanwhile. */
  unsettled: boolean;
  /** Worst zone already alerted since the last settled calm. */
  alertedZone: Zone | null;
  /** Last pause or model swap made under pressure. */
  lastDeferAt: number | null;
  /** Use (bytes) when that happened; in Orange another step waits until use rises above it. Cleared when calm settles. */
  deferredAtUsedBytes: number | null;
  lastStopAt: number | null;
  lastResumeAt: number | null;
  /** Since when nothing has run while governor-paused tracks wait (their memory keeps the zone up). */
  stalledSince?: number | null;
  /** The ready track at the head of the queue that waits for headroom, and since when; backfill ends after a while. */
  queueHead?: { trackKey: string; since: number } | null;
  /** The last pass's queue order: the next pass's search starts from it. */
  ordering?: QueueOrdering | null;
};

export type GovernorDecision = {
  actions: GovernorAction[];
  memory: GovernorMemory;
  /** When to sample and decide next. */
  sampleIntervalMs: number;
  /** Ready tracks not started, in admission order. */
  queue: AdmissionQueueEntry[];
  /** How the queue was ordered this pass: first-fit, or the RCPSP planner's order when it finishes sooner. */
  ordering?: QueueOrdering | null /**
   * How many tracks may run at once: the policy's maxConcurrent, or Infinity when it is only the tier's default
   * and every track's size is known (memory decides).
   */;
  concurrencyLimit: number;
};

/** The online replanner's verdict: projected finish (ms from now) of first-fit and of the best order it found. */
export type QueueOrdering = {
  /** "replanned": admission walks the order below instead of first-fit's. */
  method: "first-fit" | "replanned";
  /** Where the best order came from: the RCPSP planner, longest first, or a swap that improved one of those. */
  source: "first-fit" | "rcpsp" | "rcpsp-mean" | "longest-first" | "local-search";
  firstFitFinishMs: number;
  /** The best other order's projected finish, null when none was tried (too few or too many tracks). */
  replannedFinishMs: number | null;
  /** The order admission walks this pass (track keys). */
  order: string[];
};
