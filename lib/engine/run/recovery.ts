// After a restart (a crash, kill -9, an upgrade): the run the previous server left running is taken over again.
// Agents run under a shim that outlives the server, so each recorded agent is adopted (only if its pid, start time,
// process group and session still match), or its recorded exit is applied as of when it happened, or it is marked
// interrupted. Lines written meanwhile are read from the stored log position; the run then goes on as before.
import type { AgentRecord } from "../../agents/adopt";
import { type LogEntry, logCursorSchema } from "../../agents/log-follower";
import type { StoredAgent } from "../../db/agents";
import type { StoredRun } from "../../db/runs";
import type { StoredSpan } from "../../db/spans";
import type { StoredTrack } from "../../db/tracks";
import { initialGovernorMemory } from "../../domain/governor/governor";
import type { GovernorMemory } from "../../domain/governor/governor-types";
import { isStoppedState, type ProcSnapshot, readProcSnapshot } from "../../monitor/process-tree";
import { newToken, tokenDigest } from "../../security/secret";
import type { AgentExit, AgentProcess } from "../agent-port";
import type { CoordinationSystem } from "../coordination/coordination-system";
import { adoptSlurmTrack, remoteJobStates, runsOnSlurm } from "../executors/slurm-recovery";
import { type ActiveRun, type AgentSlot, initialTrackRuntime, type TrackRuntime } from "../track-runtime";
import type { AgentLineSystem } from "./agent-lines";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import type { QualityGateSystem } from "./quality-gates";
import { kindKeyOf, type TrackProfileSystem } from "./track-profiles";

type AdoptOutcome = { kind: "live" } | { kind: "ended" | "interrupted"; exit: AgentExit };

export type RecoverySummary = {
  runId: string;
  reattached: number;
  endedWhileDown: number;
  interrupted: number;
};

export class RecoverySystem {
  constructor(
    private readonly ctx: RunContext,
    private readonly attempts: AttemptSystem,
    private readonly lines: AgentLineSystem,
    private readonly gates: QualityGateSystem,
    private readonly profiles: TrackProfileSystem,
    private readonly coordination: Pick<CoordinationSystem, "resumeRun">,
  ) {}

  /** Takes over the newest unfinished run; older ones (there should be none) are ended as stopped. */
  async recoverAfterRestart(): Promise<RecoverySummary | null> {
    const { ctx } = this;
    const unfinished = (await ctx.store.listUnfinishedRuns()).sort(
      (a, b) => b.startedAt.getTime() - a.startedAt.getTime(),
    );
    const [latest, ...older] = unfinished;
    for (const run of older) await this.endAsStopped(run, "a newer run was still running");
    if (!latest) return null;
    if (latest.plan.tracks.length === 0) {
      await this.endAsStopped(latest, "its stored plan could not be read, so it cannot be taken over");
      return null;
    }
    return this.reattach(latest);
  }

  private async reattach(stored: StoredRun): Promise<RecoverySummary> {
    const { ctx } = this;
    const began = performance.now();
    // The previous server's last memory sample: about when it went away.
    const downSince = await ctx.store.latestMemorySampleAt().catch(() => null);
    const storedTracks = await ctx.store.listTracks(stored.id);
    const storedAgents = await ctx.store.listRunAgents(stored.id);
    const spans = await ctx.store.listRunSpans(stored.id);
    const reportToken = newToken();
    const hashes = [...(stored.reportTokenHash?.split(",").filter(Boolean) ?? []), tokenDigest(reportToken)];
    const run: ActiveRun = {
      id: stored.id,
      name: stored.name,
      plan: stored.plan,
      planPath: stored.planPath,
      startedAt: stored.startedAt.getTime(),
      tracks: new Map(),
      governorMemory: parseGovernorMemory(stored.governorJson),
      finished: false,
      reportToken,
      reportTokenHashes: hashes,
      kindProfiles: new Map(),
    };
    for (const [position, plan] of stored.plan.tracks.entries()) {
      const row = storedTracks.find((t) => t.key === plan.key);
      const t = initialTrackRuntime(row?.id ?? plan.key, plan, position, kindKeyOf(plan));
      if (row) restoreTrack(t, row, storedAgents, spans);
      run.tracks.set(plan.key, t);
    }
    await this.profiles.load(run);
    await ctx.save(`store the report tokens of run ${run.id}`, () =>
      ctx.store.saveReportTokenHashes(run.id, hashes),
    );
    ctx.monitor.setBudget(
      stored.budgetBytes ??
        (stored.plan.ram.budget === "auto" ? ctx.config.ramBudgetBytes : stored.plan.ram.budget),
    );
    ctx.monitor.setThresholds(stored.plan.ram.zones);
    this.gates.prepareForRun();
    ctx.state.active = run;
    // Issue 13: worktrees (each track's workdir), conflicts and holds, blockers, handoffs, the change poller.
    await this.coordination.resumeRun(run);

    const summary: RecoverySummary = { runId: run.id, reattached: 0, endedWhileDown: 0, interrupted: 0 };
    const ends: Array<() => Promise<void>> = [];
    const toMatch: TrackRuntime[] = [];
    for (const t of run.tracks.values()) {
      if ((t.status !== "running" && t.status !== "paused") || t.pauseMode === "checkpoint") continue;
      const rows = storedAgents.filter((a) => a.trackId === t.id && a.attempt === t.attempts);
      const endsBefore = ends.length;
      // Issue 16: a Slurm track's agents are found again through its job, all at once (slurm-recovery.ts).
      const onSlurm = runsOnSlurm(t) ? await this.adoptSlurm(run, t, rows) : null;
      for (const row of rows) {
        const slot = onSlurm?.get(row.id)?.slot ?? slotFromStored(row);
        t.agents.push(slot);
        if (row.endedAt !== null) {
          slot.exit = storedExit(row);
          continue;
        }
        const outcome = onSlurm?.get(row.id)?.outcome ?? (await this.adopt(run, t, slot, row));
        if (outcome.kind === "live") summary.reattached++;
        else {
          if (outcome.kind === "ended") summary.endedWhileDown++;
          else summary.interrupted++;
          const exit = outcome.exit;
          ends.push(() => ctx.withLock(t, () => this.attempts.onAgentExit(run, t, slot, exit)));
        }
      }
      if (rows.length > 0 && ends.length === endsBefore && t.agents.every((a) => a.exit !== null)) {
        // Every agent had ended and was stored before the crash, but not the attempt's end: end it now.
        ends.push(() => ctx.withLock(t, () => this.attempts.endAttempt(run, t)));
      }
      if (rows.length === 0) {
        // Started but no agent recorded (the server died in between): start it again.
        t.status = "ready";
        t.queuedAt = ctx.now();
      }
      toMatch.push(t);
    }
    await this.matchSignals(run, toMatch);
    await ctx.record(
      run,
      "run:reattached",
      {
        ...summary,
        downSince: downSince?.toISOString() ?? null,
        durationMs: Math.round(performance.now() - began),
      },
      {
        severity: summary.interrupted > 0 ? "high" : "medium",
        message: `Run "${run.name}" taken over after a restart: re-attached ${summary.reattached} agent(s), ${summary.endedWhileDown} ended while Paratrack was down, ${summary.interrupted} interrupted`,
        actor: "system",
      },
    );
    for (const end of ends) await end();
    for (const t of run.tracks.values()) {
      // A quality gate is a child of the server: one that was running (or cancelled by the shutdown) runs again.
      if (t.status === "completed" && (t.testStatus === "running" || t.testStatus === "cancelled"))
        this.gates.start(run, t);
    }
    await ctx.emitRun(run);
    for (const t of run.tracks.values()) await ctx.persistTrack(run, t);
    await this.attempts.afterChange(run);
    return summary;
  }

  /** The live agents of a Slurm track attached to its job (handles set and watched), or interrupted saying why. */
  private async adoptSlurm(run: ActiveRun, t: TrackRuntime, rows: readonly StoredAgent[]) {
    const adoptions = new Map<string, { slot: AgentSlot; outcome?: AdoptOutcome }>(
      rows.map((row) => [row.id, { slot: slotFromStored(row) }]),
    );
    const live = rows.filter((row) => row.endedAt === null);
    if (live.length === 0) return adoptions;
    const agents = live.map((row) => {
      const slot = adoptions.get(row.id)!.slot;
      return {
        slot,
        logPath: row.logPath,
        cursor: parseCursor(row.logCursor),
        onLine: (line: string, stream: "stdout" | "stderr", entry?: LogEntry) =>
          this.lines.onLine(run, t, slot, line, stream, entry),
      };
    });
    const adopted = await adoptSlurmTrack(this.ctx, run, t, agents);
    for (const [index, { slot }] of agents.entries()) {
      const handle = adopted.kind === "live" ? adopted.handles[index] : undefined;
      const entry = adoptions.get(slot.id)!;
      if (handle) {
        slot.handle = handle;
        this.attempts.watchExit(run, t, slot, handle);
        entry.outcome = { kind: "live" };
      } else {
        const reason = adopted.kind === "gone" ? adopted.reason : "its job has fewer agents than recorded";
        entry.outcome = { kind: "interrupted", exit: interruptedExit(reason) };
      }
    }
    return adoptions;
  }

  /** Adopts one recorded agent; its lines from the stored position on are read as if it had never been away. */
  private async adopt(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    row: StoredAgent,
  ): Promise<AdoptOutcome> {
    const { ctx } = this;
    if (!row.identity || !row.exitPath) {
      const reason = "no process identity was recorded for it (started by an older Paratrack)";
      return { kind: "interrupted", exit: interruptedExit(reason) };
    }
    const cursor = parseCursor(row.logCursor);
    const record: AgentRecord = {
      trackKey: t.plan.key,
      agentName: row.name,
      identity: row.identity,
      logPath: row.logPath,
      exitPath: row.exitPath,
      cursor,
    };
    const result = await ctx.adopt(record, {
      onLine: (line, stream, entry) => this.lines.onLine(run, t, slot, line, stream, entry),
      onLogNotice: (notice) =>
        ctx.background(
          `note on the log of ${t.plan.key}`,
          ctx.record(
            run,
            "agent:log",
            { agent: row.name, notice },
            {
              severity: "medium",
              message: `Agent ${row.name} of track ${t.plan.key}: ${notice}`,
              actor: "system",
              trackKey: t.plan.key,
            },
          ),
        ),
    });
    slot.handle = result.agent;
    if (result.outcome === "live") {
      this.attempts.watchExit(run, t, slot, result.agent);
      return { kind: "live" };
    }
    if (result.leftovers.length > 0) this.reapLeftovers(run, t, result.agent, result.leftovers);
    if (result.outcome === "ended") return { kind: "ended", exit: result.exit };
    return { kind: "interrupted", exit: interruptedExit(result.reason) };
  }

  /**
   * The stored state is the truth: a paused track's processes stopped, a running one's not left stopped (the server
   * may have died between a signal and storing it). One /proc scan tells which agents need a signal at all.
   */
  private async matchSignals(run: ActiveRun, tracks: readonly TrackRuntime[]) {
    const snapshot = readProcSnapshot("/proc", { detailPids: () => [] });
    for (const t of tracks) await this.matchTrack(run, t, snapshot);
  }

  private async matchTrack(run: ActiveRun, t: TrackRuntime, snapshot: ProcSnapshot) {
    const live = t.agents.filter((a) => a.handle && !a.exit);
    for (const slot of live) {
      const states =
        remoteJobStates(slot.handle!) ??
        slot.handle!.treePidsIn(snapshot).map((pid) => snapshot.get(pid)?.state ?? "X");
      const stopped = states.filter((state) => isStoppedState(state)).length;
      const wantStopped = t.status === "paused";
      if (wantStopped ? stopped === states.length : stopped === 0) continue;
      const check = wantStopped ? await slot.handle!.pause() : await slot.handle!.resume();
      if (!check.ok && check.outcome === "signalled") {
        await this.ctx.record(
          run,
          "signal:failed",
          { unchanged: check.unchanged, errors: check.errors },
          {
            severity: "high",
            message: `Track ${t.plan.key}: after the restart, agent ${slot.name} did not reach the ${t.status} state`,
            actor: "system",
            trackKey: t.plan.key,
          },
        );
      }
    }
  }

  /** Processes of an ended agent's tree still running: they belong to no live attempt, so they are ended. */
  private reapLeftovers(run: ActiveRun, t: TrackRuntime, agent: AgentProcess, leftovers: number[]) {
    this.ctx.background(
      `ending ${leftovers.length} leftover process(es) of ${t.plan.key}`,
      agent.stop(2_000),
      run,
      t.plan.key,
    );
  }

  private async endAsStopped(run: StoredRun, reason: string) {
    const { ctx } = this;
    await ctx.store.markRunStopped(run.id, new Date(ctx.now()), `stopped: ${reason}`);
    await ctx.events.record(
      "run:ended",
      { status: "stopped", reason },
      {
        severity: "high",
        message: `Run "${run.name}" was stopped: ${reason}`,
        actor: "system",
        runId: run.id,
        trackKey: null,
      },
    );
  }
}

function restoreTrack(
  t: TrackRuntime,
  row: StoredTrack,
  agents: readonly StoredAgent[],
  spans: readonly StoredSpan[],
) {
  const ms = (date: Date | null) => (date === null ? null : date.getTime());
  t.status = row.status;
  t.pausedBy = row.pausedBy;
  t.pauseReason = row.pauseReason;
  t.progress = row.progress;
  t.reportStatus = row.reportStatus;
  t.modelInForce = row.modelInForce;
  t.attempts = row.attempts;
  t.queuedAt = ms(row.queuedAt);
  t.startedAt = ms(row.startedAt);
  t.endedAt = ms(row.endedAt);
  t.peakBytes = row.peakBytes;
  t.memoryMethod = row.memoryMethod;
  t.exitSummary = row.exitSummary;
  t.testStatus = row.testStatus;
  t.pauseMode = row.pauseMode;
  // The attempt's running time so far, from its stored spans (pauses excluded); still running: from the open span.
  const running = spans.filter(
    (s) => s.trackId === row.id && s.attempt === row.attempts && s.kind === "running",
  );
  const open = running.find((s) => s.endedAt === null);
  t.clock = {
    accumulatedMs: running
      .filter((s) => s.endedAt !== null)
      .reduce((sum, s) => sum + (s.endedAt!.getTime() - s.startedAt.getTime()), 0),
    since: row.status === "running" && open ? open.startedAt.getTime() : null,
  };
  // The latest session of each agent, over all attempts: the next start resumes it.
  for (const agent of [...agents].filter((a) => a.trackId === row.id).sort((a, b) => a.attempt - b.attempt))
    if (agent.sessionId) t.sessions.set(agent.name, agent.sessionId);
}

function slotFromStored(row: StoredAgent): AgentSlot {
  return {
    id: row.id,
    name: row.name,
    command: row.command,
    mode: row.mode,
    attempt: row.attempt,
    sessionId: row.sessionId,
    lastLineKey: row.lastLineKey ?? -1,
    handle: null,
    exit: null,
    startedAt: row.startedAt.getTime(),
    currentBytes: 0,
    peakBytes: row.peakBytes,
    method: null,
    pids: [],
  };
}

function storedExit(row: StoredAgent): AgentExit {
  return {
    code: row.exitCode,
    signal: row.signal as NodeJS.Signals | null,
    error: row.error,
    message: row.error ?? `agent exited with code ${row.exitCode}`,
    interrupted: row.interrupted !== null,
    endedAt: row.endedAt?.toISOString(),
  };
}

function interruptedExit(reason: string): AgentExit {
  return { code: null, signal: null, error: reason, message: `interrupted: ${reason}`, interrupted: true };
}

function parseCursor(json: string | null): AgentRecord["cursor"] {
  if (!json) return null;
  try {
    const parsed = logCursorSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function parseGovernorMemory(json: string | null): GovernorMemory {
  if (!json) return initialGovernorMemory();
  try {
    return { ...initialGovernorMemory(), ...(JSON.parse(json) as Partial<GovernorMemory>) };
  } catch {
    return initialGovernorMemory();
  }
}
