// The governor for Slurm tracks (issue 16): every few seconds, and whenever tracks become ready, one decision of
// the pure cluster governor (lib/domain/governor/cluster-governor.ts) on the nodes' memory (scontrol show node)
// and the run's Slurm tracks, carried out under each track's lock: submit, suspend (Red on its node), resume.

import {
  type ClusterGovernorMemory,
  type ClusterTrack,
  decideClusterActions,
  EMPTY_CLUSTER_MEMORY,
  expandHostlist,
} from "../../domain/governor/cluster-governor";
import {
  describeCluster,
  describeNodeState,
  nodeAvailabilityChanges,
} from "../../domain/governor/cluster-nodes";
import type { Zone } from "../../domain/types";
import type { SlurmNodeMemory } from "../../executors/slurm/nodes";
import type { AttemptSystem } from "../run/attempts";
import type { RunContext } from "../run/context";
import type { SignalSystem } from "../run/signals";
import type { ActiveRun, TrackRuntime } from "../track-runtime";

/** How often the nodes are read while a run has Slurm tracks. */
export const CLUSTER_POLL_MS = 5_000;

export function isSlurmTrack(t: TrackRuntime): boolean {
  return t.plan.executor?.kind === "slurm";
}

export class ClusterGovernor {
  private memory: ClusterGovernorMemory = EMPTY_CLUSTER_MEMORY;
  private inFlight: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly signals: SignalSystem,
  ) {
    ctx.bus.on("tracksReady", () => this.pass());
    this.timer = setInterval(() => void this.pass(), CLUSTER_POLL_MS);
    this.timer.unref();
  }

  /** One decision, carried out; joins one under way. Nothing happens for runs without Slurm tracks. */
  pass(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.inFlight = this.decideAndAct()
      .catch((error: unknown) => this.ctx.logger.error({ err: error }, "the cluster governor's pass failed"))
      .finally(() => {
        this.inFlight = null;
      });
    return this.inFlight;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async decideAndAct(): Promise<void> {
    const { ctx } = this;
    const run = ctx.state.active;
    if (!run || run.finished) return;
    const tracks = [...run.tracks.values()].filter(isSlurmTrack);
    if (tracks.length === 0) {
      ctx.state.cluster = null;
      return;
    }
    // Without Slurm here the tracks still start, and each fails with the reason (attempt-hooks.ts).
    if (!ctx.slurm) return;
    const read = await ctx.slurm.nodes().then(
      (nodes) => ({ nodes, error: null }),
      (error: unknown) => ({ nodes: [], error: error instanceof Error ? error.message : String(error) }),
    );
    const clusterTracks = tracks.map((t) => toClusterTrack(t));
    const decision = decideClusterActions(
      {
        now: ctx.now(),
        nodes: read.nodes,
        tracks: clusterTracks,
        thresholds: run.plan.ram.zones,
        settleSeconds: run.plan.ram.settleSeconds,
        maxConcurrent: run.plan.maxConcurrent,
        enabled: ctx.state.governorEnabled,
      },
      this.memory,
    );
    this.memory = decision.memory;
    await this.showCluster(run, read, decision.zones, clusterTracks);
    for (const action of decision.actions) {
      const t = run.tracks.get(action.trackKey);
      if (t) await ctx.withLock(t, () => this.carryOut(run, t, action.kind, action.reason));
    }
  }

  /**
   * Keeps the cluster view the governor view carries (the overview's Slurm card, /metrics) and records what the
   * lead should hear of: nodes that cannot be read, and nodes that stop or start taking work. While the nodes
   * cannot be read the last ones read are kept, with the error.
   */
  private async showCluster(
    run: ActiveRun,
    read: { nodes: SlurmNodeMemory[]; error: string | null },
    zones: Record<string, Zone>,
    tracks: ClusterTrack[],
  ): Promise<void> {
    const { ctx } = this;
    const previous = ctx.state.cluster;
    if (read.error !== null) {
      ctx.state.cluster = {
        ...(previous ?? describeCluster({ at: "", nodes: [], zones, tracks, error: null })),
        at: new Date(ctx.now()).toISOString(),
        error: read.error,
      };
      if (previous?.error == null)
        await ctx.record(
          run,
          "cluster:unreachable",
          { error: read.error },
          {
            severity: "high",
            message: `Slurm's nodes cannot be read (${read.error}): a node in Red goes unseen until they can`,
            actor: "system",
          },
        );
      return;
    }
    const current = describeCluster({
      at: new Date(ctx.now()).toISOString(),
      nodes: read.nodes,
      zones,
      tracks,
      error: null,
    });
    ctx.state.cluster = current;
    if (previous?.error != null)
      await ctx.record(
        run,
        "cluster:reachable",
        { nodes: current.nodes.length },
        {
          severity: "info",
          message: `Slurm's nodes can be read again (${current.nodes.length} node(s))`,
          actor: "system",
        },
      );
    for (const change of nodeAvailabilityChanges(previous?.error == null ? previous : null, current)) {
      const { node } = change;
      const state = describeNodeState(node);
      if (change.became === "unavailable") {
        const on = node.trackKeys.length > 0 ? `; jobs of ${node.trackKeys.join(", ")} run there` : "";
        await ctx.record(
          run,
          "cluster:node-unavailable",
          { node: node.name, state, reason: node.reason, tracks: node.trackKeys },
          {
            severity: node.trackKeys.length > 0 ? "high" : "medium",
            message: `Slurm node ${node.name} takes no new work (${state}${node.reason ? `: ${node.reason}` : ""})${on}`,
            actor: "system",
          },
        );
      } else {
        await ctx.record(
          run,
          "cluster:node-available",
          { node: node.name, state },
          {
            severity: "info",
            message: `Slurm node ${node.name} takes work again (${state})`,
            actor: "system",
          },
        );
      }
    }
  }

  private async carryOut(
    run: ActiveRun,
    t: TrackRuntime,
    kind: "start" | "pause" | "resume",
    reason: string,
  ) {
    if (run.finished) return;
    switch (kind) {
      case "start":
        if (t.status === "ready" && t.budgetHold === null)
          await this.attempts.start(run, t, "governor", reason);
        return;
      case "pause":
        if (t.status === "running") await this.signals.signalTrack(run, t, "pause", "governor", reason);
        return;
      case "resume":
        if (t.status === "paused" && t.pausedBy === "governor")
          await this.signals.signalTrack(run, t, "resume", "governor", reason);
        return;
      default: {
        const unreachable: never = kind;
        return unreachable;
      }
    }
  }
}

function toClusterTrack(t: TrackRuntime): ClusterTrack {
  return {
    key: t.plan.key,
    position: t.position,
    priority: t.plan.priority,
    status: t.status,
    pausedBy: t.pausedBy,
    startedAt: t.startedAt,
    nodes: expandHostlist(t.slurm?.nodes ?? null),
    currentBytes: t.currentBytes,
  };
}
