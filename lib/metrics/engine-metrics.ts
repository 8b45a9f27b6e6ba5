// Feeds the Prometheus registry (prometheus.ts) from the engine without the engine knowing about Prometheus: it taps
// what the engine pushes to the browsers (samples, track updates, recorded governor decisions), listens to the run's
// bus for the Red→SIGSTOP reaction, and counts the live run's agents when /metrics is scraped.
import { isGovernorDecision, type TypedEvent } from "../domain/event-kinds";
import type { GovernorActionKind } from "../domain/governor/governor-types";
import type { TrackStatus } from "../domain/types";
import type { GovernorView } from "../domain/views";
import type { Emit, Emitter } from "../engine/emitter";
import type { RunController } from "../engine/run/controller";
import type { SlurmJobState } from "../executors/slurm/job-state";
import { type AgentState, createParatrackMetrics, type ParatrackMetrics } from "./prometheus";

export type EngineMetrics = {
  /** The emitter the engine should use: `inner`, with every push also read by the metrics. */
  tap(inner: Emitter): Emitter;
  /** Reads the run controller: reactions from its bus, agents at scrape time. */
  watch(runs: Pick<RunController, "on" | "activeRun">): void;
  /** Reads the Slurm executor's live jobs at scrape time ("Slurm jobs by state"); null: none on this server. */
  watchSlurm(slurm: SlurmJobSource | null): void;
  /** Asks the database's state at scrape time (paratrack_database_up, paratrack_write_queue_length). */
  watchDatabase(database: DatabaseSource): void;
  /** The exposition text and its content type, for GET /metrics. */
  render(): Promise<{ contentType: string; body: string }>;
  /** The registry's feed functions, for what the engine does not push (Slurm, in part B). */
  readonly metrics: ParatrackMetrics;
};

/** What the metrics read of the database: whether it answers (asked at the scrape) and the writes waiting for it. */
export type DatabaseSource = { check(): Promise<"available" | "unavailable">; pending(): number };

/** What the metrics read of the Slurm executor: its live jobs and their states (squeue's words). */
export type SlurmJobSource = { jobs(): { state: string }[] };

export function createEngineMetrics(options: { processMetrics?: boolean } = {}): EngineMetrics {
  const metrics = createParatrackMetrics(options);
  let runs: Pick<RunController, "on" | "activeRun"> | null = null;
  let slurm: SlurmJobSource | null = null;
  let database: DatabaseSource | null = null;
  // The dashboard's run: series of an earlier run are dropped when a new one starts pushing.
  let shownRun: string | null = null;
  const statusOf = new Map<string, TrackStatus>();

  const showRun = (runId: string) => {
    if (shownRun === runId) return;
    if (shownRun) metrics.forgetRun(shownRun);
    shownRun = runId;
    statusOf.clear();
  };

  const read: Emit = (event, ...args) => {
    switch (event) {
      case "memory:sample":
        metrics.onSample(args[0] as Parameters<ParatrackMetrics["onSample"]>[0]);
        return;
      case "track:updated": {
        const track = args[0] as { runId: string; key: string; status: TrackStatus; currentBytes: number };
        showRun(track.runId);
        statusOf.set(track.key, track.status);
        metrics.onTrackUpdate({
          runId: track.runId,
          trackKey: track.key,
          status: track.status,
          currentBytes: track.currentBytes,
        });
        return;
      }
      case "tracks:memory": {
        if (!shownRun) return;
        const { tracks } = args[0] as { tracks: Record<string, number> };
        for (const [trackKey, bytes] of Object.entries(tracks)) {
          const status = statusOf.get(trackKey);
          if (status) metrics.onTrackUpdate({ runId: shownRun, trackKey, status, currentBytes: bytes });
        }
        return;
      }
      case "governor:updated": {
        const { cluster } = args[0] as GovernorView;
        if (cluster)
          metrics.onClusterMemory({
            nodes: cluster.nodes.length,
            availableNodes: cluster.availableNodes,
            capacityBytes: cluster.capacityBytes,
            allocatedBytes: cluster.allocatedBytes,
            usedBytes: cluster.usedBytes,
          });
        return;
      }
      case "event:created": {
        const created = args[0] as TypedEvent;
        if (isGovernorDecision(created))
          metrics.onGovernorAction(created.kind.slice("governor:".length) as GovernorActionKind);
        return;
      }
      default:
        return;
    }
  };

  return {
    metrics,
    tap(inner) {
      const tapped =
        (target: { emit: Emit }): Emit =>
        (event, ...args) => {
          try {
            read(event, ...args);
          } catch {
            // A metric must never stop a push.
          }
          target.emit(event, ...args);
        };
      return {
        emit: tapped(inner),
        // Room pushes (log lines) carry nothing the metrics count.
        emitTo: (room) => inner.emitTo(room),
      };
    },
    watch(controller) {
      runs = controller;
      controller.on("governorPaused", ({ zone, sampleAt, pausedAt }) => {
        if (zone === "red") metrics.onReactionMeasured((pausedAt - Date.parse(sampleAt)) / 1000);
      });
    },
    watchSlurm(source) {
      slurm = source;
    },
    watchDatabase(source) {
      database = source;
    },
    async render() {
      metrics.setAgentsByState(countAgents(runs?.activeRun() ?? null));
      metrics.setSlurmJobsByState(countSlurmJobs(slurm));
      if (database) metrics.setDatabase((await database.check()) === "available", database.pending());
      return metrics.render();
    },
  };
}

/** The current attempt's agents of the live run: exited, paused (their track is paused) or running. */
function countAgents(run: ReturnType<RunController["activeRun"]>): Record<AgentState, number> {
  const counts: Record<AgentState, number> = { running: 0, paused: 0, exited: 0 };
  for (const track of run?.tracks.values() ?? []) {
    for (const slot of track.agents) {
      if (slot.exit) counts.exited++;
      else if (!slot.handle) continue;
      else if (track.status === "paused") counts.paused++;
      else counts.running++;
    }
  }
  return counts;
}

/** The Slurm executor's live jobs by state: a state no job is in any more reads 0 (prometheus.ts keeps it). */
function countSlurmJobs(source: SlurmJobSource | null): Partial<Record<SlurmJobState, number>> {
  const counts: Partial<Record<SlurmJobState, number>> = {};
  for (const job of source?.jobs() ?? []) {
    const state = job.state as SlurmJobState;
    counts[state] = (counts[state] ?? 0) + 1;
  }
  return counts;
}
