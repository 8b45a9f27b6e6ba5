// Prometheus metrics for GET /metrics: the engine calls the on… functions as things happen, the route renders the
// registry. Everything lives in this registry (never prom-client's global one), so tests and several engines in
// one process do not share counters.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { GovernorActionKind } from "../domain/governor/governor-types";
import type { MemorySample, TrackStatus, Zone } from "../domain/types";
import { ZONES } from "../domain/types";
import type { SlurmJobState } from "../executors/slurm/job-state";
import type { ClusterMemory } from "../executors/slurm/nodes";

/** The states an agent process is counted in. */
export type AgentState = "running" | "paused" | "exited";
const AGENT_STATES: readonly AgentState[] = ["running", "paused", "exited"];
const TRACK_STATUSES: readonly TrackStatus[] = [
  "pending",
  "ready",
  "running",
  "paused",
  "completed",
  "failed",
  "stopped",
];
const GOVERNOR_ACTION_KINDS = [
  "start",
  "pause",
  "resume",
  "stop-requeue",
  "swap-model",
  "alert",
] as const satisfies readonly GovernorActionKind[];
// Fails to compile when the governor gains an action kind this list lacks.
type MissingActionKind = Exclude<GovernorActionKind, (typeof GOVERNOR_ACTION_KINDS)[number]>;
const _everyActionKind: MissingActionKind extends never ? true : never = true;

/** The memory views the zone gauges report; "cluster" is Slurm's allocated vs configured memory. */
export type MemoryScope = "system" | "machine" | "budget" | "cluster";

/** Red→signal reaction buckets, seconds: the target is well under a second. */
const REACTION_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];

/** A track's state for the per-track families. */
export type TrackMetric = { runId: string; trackKey: string; status: TrackStatus; currentBytes: number };

export type ParatrackMetrics = {
  readonly registry: Registry;
  /** After each memory sample: the zone and the used/available/capacity bytes of each view. */
  onSample(sample: MemorySample): void;
  /** After each reading of the Slurm cluster's nodes. */
  onClusterMemory(cluster: ClusterMemory): void;
  /** Whenever a track's status or memory changes. */
  onTrackUpdate(track: TrackMetric): void;
  /** Drops a run's per-track series (when a new run replaces it on the dashboard). */
  forgetRun(runId: string): void;
  onGovernorAction(kind: GovernorActionKind): void;
  /** Seconds from a Red sample to the verified SIGSTOP of a track the governor paused on it. */
  onReactionMeasured(seconds: number): void;
  /** Agent processes by state (states not given count 0). */
  setAgentsByState(counts: Partial<Record<AgentState, number>>): void;
  /** Slurm jobs of the run by state (states not given count 0). */
  setSlurmJobsByState(counts: Partial<Record<SlurmJobState, number>>): void;
  /** Whether the database answers, and how many of the engine's writes wait for it. */
  setDatabase(up: boolean, waitingWrites: number): void;
  /** The exposition text and its content type, for the /metrics route. */
  render(): Promise<{ contentType: string; body: string }>;
};

export type MetricsOptions = {
  /** Add prom-client's process metrics (CPU, resident memory, event-loop lag, GC) to this registry. */
  processMetrics?: boolean;
};

/** A registry with every Paratrack family, and the functions that feed it. */
export function createParatrackMetrics(options: MetricsOptions = {}): ParatrackMetrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: "paratrack_" });

  const zone = new Gauge({
    name: "paratrack_zone",
    help: "Current RAM zone: 1 for the zone in force, 0 for the others.",
    labelNames: ["zone"] as const,
    registers,
  });
  const zoneLevel = new Gauge({
    name: "paratrack_zone_level",
    help: "Current RAM zone as a number: 0 green, 1 yellow, 2 orange, 3 red.",
    registers,
  });
  const used = new Gauge({
    name: "paratrack_memory_used_bytes",
    help: "Memory in use per view (system: /proc/meminfo; machine: vs physical or cgroup capacity; budget: agents vs RAM_BUDGET; cluster: Slurm's allocated memory).",
    labelNames: ["view"] as const,
    registers,
  });
  const available = new Gauge({
    name: "paratrack_memory_available_bytes",
    help: "Memory still available per view.",
    labelNames: ["view"] as const,
    registers,
  });
  const capacity = new Gauge({
    name: "paratrack_memory_capacity_bytes",
    help: "Capacity the zone of each view is computed against.",
    labelNames: ["view"] as const,
    registers,
  });
  const trackMemory = new Gauge({
    name: "paratrack_track_memory_bytes",
    help: "Current memory of each track's agents (PSS where known, else RSS; sstat MaxRSS on Slurm).",
    labelNames: ["run", "track"] as const,
    registers,
  });
  const trackState = new Gauge({
    name: "paratrack_track_state",
    help: "Track status: 1 for the status in force, 0 for the others.",
    labelNames: ["run", "track", "state"] as const,
    registers,
  });
  const actions = new Counter({
    name: "paratrack_governor_actions_total",
    help: "Governor actions carried out, by kind.",
    labelNames: ["kind"] as const,
    registers,
  });
  const reaction = new Histogram({
    name: "paratrack_red_reaction_seconds",
    help: "Time from a Red memory sample to the verified SIGSTOP of each track the governor paused on it.",
    buckets: REACTION_BUCKETS,
    registers,
  });
  const agents = new Gauge({
    name: "paratrack_agents",
    help: "Agent processes by state.",
    labelNames: ["state"] as const,
    registers,
  });
  const slurmJobs = new Gauge({
    name: "paratrack_slurm_jobs",
    help: "Slurm jobs of the current run by job state.",
    labelNames: ["state"] as const,
    registers,
  });

  const databaseUp = new Gauge({
    name: "paratrack_database_up",
    help: "1 while the database answers and takes the engine's writes, 0 while it does not.",
    registers,
  });
  const writeQueue = new Gauge({
    name: "paratrack_write_queue_length",
    help: "The engine's writes waiting for the database (the write-behind queue; bounded at 10 000).",
    registers,
  });

  // Every family shows from the first scrape, with zeros, so dashboards and alerts need no "absent()" cases.
  for (const kind of GOVERNOR_ACTION_KINDS) actions.inc({ kind }, 0);
  for (const state of AGENT_STATES) agents.set({ state }, 0);
  for (const name of ZONES) zone.set({ zone: name }, 0);
  slurmJobs.set({ state: "RUNNING" }, 0);
  const seenSlurmStates = new Set<string>(["RUNNING"]);
  const tracksOfRun = new Map<string, Set<string>>();

  const setView = (view: MemoryScope, usedBytes: number, capacityBytes: number) => {
    used.set({ view }, usedBytes);
    capacity.set({ view }, capacityBytes);
    available.set({ view }, Math.max(0, capacityBytes - usedBytes));
  };

  return {
    registry,

    onSample(sample) {
      for (const name of ZONES) zone.set({ zone: name }, name === sample.zone ? 1 : 0);
      zoneLevel.set(ZONES.indexOf(sample.zone satisfies Zone));
      used.set({ view: "system" }, sample.system.usedBytes);
      available.set({ view: "system" }, sample.system.availableBytes);
      capacity.set({ view: "system" }, sample.system.totalBytes);
      setView("machine", sample.machine.usedBytes, sample.machine.capacityBytes);
      if (sample.budget) setView("budget", sample.budget.usedBytes, sample.budget.bytes);
      else for (const gauge of [used, available, capacity]) gauge.remove({ view: "budget" });
    },

    onClusterMemory(cluster) {
      setView("cluster", cluster.allocatedBytes, cluster.capacityBytes);
    },

    onTrackUpdate(track) {
      const labels = { run: track.runId, track: track.trackKey };
      trackMemory.set(labels, track.currentBytes);
      for (const state of TRACK_STATUSES)
        trackState.set({ ...labels, state }, state === track.status ? 1 : 0);
      const keys = tracksOfRun.get(track.runId) ?? new Set<string>();
      keys.add(track.trackKey);
      tracksOfRun.set(track.runId, keys);
    },

    forgetRun(runId) {
      for (const trackKey of tracksOfRun.get(runId) ?? []) {
        trackMemory.remove({ run: runId, track: trackKey });
        for (const state of TRACK_STATUSES) trackState.remove({ run: runId, track: trackKey, state });
      }
      tracksOfRun.delete(runId);
    },

    onGovernorAction(kind) {
      actions.inc({ kind });
    },

    onReactionMeasured(seconds) {
      if (Number.isFinite(seconds) && seconds >= 0) reaction.observe(seconds);
    },

    setAgentsByState(counts) {
      for (const state of AGENT_STATES) agents.set({ state }, counts[state] ?? 0);
    },

    setSlurmJobsByState(counts) {
      for (const state of Object.keys(counts)) seenSlurmStates.add(state);
      for (const state of seenSlurmStates) {
        slurmJobs.set({ state }, counts[state as SlurmJobState] ?? 0);
      }
    },

    setDatabase(up, waitingWrites) {
      databaseUp.set(up ? 1 : 0);
      writeQueue.set(waitingWrites);
    },

    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
