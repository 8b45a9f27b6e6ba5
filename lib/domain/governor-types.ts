// The governor's input, output and memory. Pure data, serialisable, no runtime imports.
import type { AgentTier, PausedBy, Priority, TrackStatus, Zone, ZoneThresholds } from "./types";

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
  /** Tracks that depend on this one and are not done. */
  dependantsWaiting: number;
  model: { local: string | null; cloud: string | null };
  modelInForce: string | null;
};

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
  /** false = manual mode: alerts only; the queue is still computed for display. */
  enabled: boolean;
  tracks: GovernorTrack[];
};

export type GovernorAction =
  | { kind: "start"; trackKey: string; reason: string }
  | { kind: "pause"; trackKey: string; reason: string }
  | { kind: "resume"; trackKey: string; reason: string }
  /** Kill the track's agents and put it back in the queue; it restarts from the beginning. */
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
  /** The RAM it is expected to need (max of estimate and learned peak), null when unknown. */
  needsBytes: number | null;
  reason: string;
};

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
};

export type GovernorDecision = {
  actions: GovernorAction[];
  memory: GovernorMemory;
  /** When to sample and decide next. */
  sampleIntervalMs: number;
  /** Ready tracks not started, in admission order. */
  queue: AdmissionQueueEntry[];
};
