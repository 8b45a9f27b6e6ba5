// The governor for Slurm tracks (issue 16): every few seconds, and whenever tracks become ready, one decision of
// the pure cluster governor (lib/domain/governor/cluster-governor.ts) on the nodes' memory (scontrol show node) and
// the run's Slurm tracks, carried out under each track's lock: submit, suspend (Red on its node), resume.
import {
  type ClusterGovernorMemory,
  type ClusterTrack,
  decideClusterActions,
  EMPTY_CLUSTER_MEMORY,
  expandHostlist,
} from "../../domain/governor/cluster-governor";
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
  private warned = false;

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
    if (tracks.length === 0) return;
    // Without Slurm here the tracks still start, and each fails with the reason (attempt-hooks.ts).
    const nodes = ctx.slurm
      ? await ctx.slurm.nodes().catch((error: unknown) => {
          if (!this.warned) ctx.logger.warn({ err: error }, "cannot read the Slurm nodes' memory");
          this.warned = true;
          return [];
        })
      : [];
    const decision = decideClusterActions(
      {
        now: ctx.now(),
        nodes,
        tracks: tracks.map((t) => toClusterTrack(t)),
        thresholds: run.plan.ram.zones,
        settleSeconds: run.plan.ram.settleSeconds,
        maxConcurrent: run.plan.maxConcurrent,
        enabled: ctx.state.governorEnabled,
      },
      this.memory,
    );
    this.memory = decision.memory;
    for (const action of decision.actions) {
      const t = run.tracks.get(action.trackKey);
      if (t) await ctx.withLock(t, () => this.carryOut(run, t, action.kind, action.reason));
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
  };
}
