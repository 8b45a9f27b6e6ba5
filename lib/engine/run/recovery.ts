// After a restart (a crash, kill -9, an upgrade): the run the previous server left running is taken over again.
// Agents run under a shim that outlives the server, so each recorded agent is adopted (only if its pid, start time,
// process group and session still match), or its recorded exit is applied as of when it happened, or it is marked
// interrupted. Lines written meanwhile are read from the stored log position; the run then goes on as before.
// With no run left running, the newest run that had ended becomes the server's run again (nothing of it runs).
import type { AgentRecord } from "../../agents/adopt";
import { exitFilePathFor } from "../../agents/exit-file";
import { findLaunchedAgent } from "../../agents/find-launched";
import { type LogEntry, logCursorSchema } from "../../agents/log-follower";
import type { StoredAgent } from "../../db/agents";
import type { StoredRun } from "../../db/runs";
import { entriesStillHeld, reportTokenEntries } from "../../security/report-tokens";
import { newToken } from "../../security/secret";
import type { AgentExit, AgentProcess } from "../agent-port";
import type { CoordinationSystem } from "../coordination/coordination-system";
import { adoptSlurmTrack, runsOnSlurm } from "../executors/slurm-recovery";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { AgentLineSystem } from "./agent-lines";
import { recordLogNotice, storeShimTakeover } from "./agent-notices";
import type { AttemptSystem } from "./attempts";
import type { RunContext } from "./context";
import { endOrphansOfEndedAgents } from "./orphan-sweep";
import type { QualityGateSystem } from "./quality-gates";
import { matchStoredSignals } from "./recovered-signals";
import { activeRunFromStored, slotFromStored, storedExit } from "./stored-run";
import { stopAgentsOfSupersededRun } from "./superseded-agents";
import type { TrackProfileSystem } from "./track-profiles";

/** The grace after SIGTERM for agents whose ending the previous server had begun. */
const ENDING_GRACE_MS = 5_000;

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

  /**
   * Takes over the newest unfinished run; older ones (there should be none) are ended as stopped, their live agents
   * stopped. With none, the newest run that had ended is this server's run again (reopenEnded).
   */
  async recoverAfterRestart(): Promise<RecoverySummary | null> {
    const { ctx } = this;
    const unfinished = (await ctx.store.listUnfinishedRuns()).sort(
      (a, b) => b.startedAt.getTime() - a.startedAt.getTime(),
    );
    const [latest, ...older] = unfinished;
    for (const run of older) await this.endAsStopped(run, "a newer run was still running");
    if (!latest) {
      await this.reopenEnded();
      return null;
    }
    if (latest.plan.tracks.length === 0) {
      await this.endAsStopped(latest, "its stored plan could not be read, so it cannot be taken over");
      return null;
    }
    return this.reattach(latest);
  }

  /**
   * Before the restart, a run that had ended stayed the server's run until the next one started: so it is again.
   * Nothing of it runs, but what the lead does with an ended run works as before (integrate its branches, start a
   * track again), and what the restart cut off is taken up: an integration under way is ended with the reason and
   * started again once (coordination-resume.ts), a quality gate under way runs again.
   */
  private async reopenEnded(): Promise<void> {
    const { ctx } = this;
    const stored = await ctx.store.latestRun();
    if (!stored || stored.status === "running" || stored.plan.tracks.length === 0) return;
    const [storedTracks, storedAgents, spans] = await Promise.all([
      ctx.store.listTracks(stored.id),
      ctx.store.listRunAgents(stored.id),
      ctx.store.listRunSpans(stored.id),
    ]);
    // Its agents have all ended: a report token nobody holds, and the stored ones kept as they were.
    const hashes = stored.reportTokenHash?.split(",").filter(Boolean) ?? [];
    const run = activeRunFromStored(
      stored,
      { storedTracks, storedAgents, spans },
      { reportSecret: newToken(), hashes },
      true,
    );
    for (const t of run.tracks.values()) {
      const rows = storedAgents.filter((a) => a.trackId === t.id && a.attempt === t.attempts);
      t.agents = rows.map((row) => ({ ...slotFromStored(row), exit: storedExit(row) }));
    }
    this.applyRunSettings(stored);
    this.gates.prepareForRun();
    ctx.state.active = run;
    await this.coordination.resumeRun(run);
    endOrphansOfEndedAgents(this.ctx, run, storedAgents, ENDING_GRACE_MS);
    this.rerunCutOffGates(run);
    await ctx.emitRun(run);
  }

  /** The run's budget and zones, as the monitor had them while it ran. */
  private applyRunSettings(stored: StoredRun): void {
    const { ctx } = this;
    ctx.monitor.setBudget(
      stored.budgetBytes ??
        (stored.plan.ram.budget === "auto" ? ctx.config.ramBudgetBytes : stored.plan.ram.budget),
    );
    ctx.monitor.setThresholds(stored.plan.ram.zones);
  }

  /**
   * A quality gate is a child of the server: one that was running (or cancelled by the shutdown) runs again. One
   * that was running when the server died may still run as an orphan: what is left of it is ended first (in the
   * background, like the gate itself: the takeover does not wait for its grace).
   */
  private rerunCutOffGates(run: ActiveRun): void {
    for (const t of run.tracks.values()) {
      if (t.status === "completed" && (t.testStatus === "running" || t.testStatus === "cancelled"))
        this.gates.start(run, t, true);
    }
  }

  private async reattach(stored: StoredRun): Promise<RecoverySummary> {
    const { ctx } = this;
    const began = performance.now();
    // The previous server's last memory sample: about when it went away.
    const downSince = await ctx.store.latestMemorySampleAt().catch(() => null);
    const storedTracks = await ctx.store.listTracks(stored.id);
    const storedAgents = await ctx.store.listRunAgents(stored.id);
    const spans = await ctx.store.listRunSpans(stored.id);
    const reportSecret = newToken();
    const earlierHashes = stored.reportTokenHash?.split(",").filter(Boolean) ?? [];
    const newHashes = reportTokenEntries(
      reportSecret,
      stored.plan.tracks.map((t) => t.key),
    );
    // All of them until the agents are matched: which tracks' agents live on is known only then.
    const hashes = [...earlierHashes, ...newHashes];
    const run = activeRunFromStored(stored, { storedTracks, storedAgents, spans }, { reportSecret, hashes });
    await this.profiles.load(run);
    await this.profiles.resumeObservations(run, spans);
    await ctx.save(`store the report tokens of run ${run.id}`, () =>
      ctx.store.saveReportTokenHashes(run.id, hashes),
    );
    this.applyRunSettings(stored);
    this.gates.prepareForRun();
    ctx.state.active = run;
    // Issue 13: worktrees (each track's workdir), conflicts and holds, blockers, handoffs, the change poller.
    await this.coordination.resumeRun(run);

    const summary: RecoverySummary = { runId: run.id, reattached: 0, endedWhileDown: 0, interrupted: 0 };
    const ends: Array<() => Promise<void>> = [];
    const toMatch: TrackRuntime[] = [];
    const tracksWithLiveAgents = new Set<string>();
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
        if (outcome.kind === "live") {
          summary.reattached++;
          tracksWithLiveAgents.add(t.plan.key);
        } else {
          if (outcome.kind === "ended") summary.endedWhileDown++;
          else summary.interrupted++;
          const exit = outcome.exit;
          ends.push(() => ctx.withLock(t, () => this.attempts.onAgentExit(run, t, slot, exit)));
        }
      }
      if (rows.length > 0 && ends.length === endsBefore && t.agents.every((a) => a.exit !== null)) {
        // Every agent had ended and was stored before the crash, but not the attempt's end: end it now (an ending
        // on purpose once its agents' orphans are gone).
        ends.push(() =>
          ctx.withLock(t, async () => {
            if (t.ending !== null && t.endingStopped) await t.endingStopped;
            await this.attempts.endAttempt(run, t);
          }),
        );
      }
      if (rows.length === 0) {
        // Started but no agent recorded (the server died in between): start it again.
        t.status = "ready";
        t.queuedAt = ctx.now();
      }
      toMatch.push(t);
    }
    await matchStoredSignals(ctx, run, toMatch);
    run.reportTokenHashes = [...entriesStillHeld(earlierHashes, tracksWithLiveAgents), ...newHashes];
    await ctx.save(`store the report tokens of run ${run.id}`, () =>
      ctx.store.saveReportTokenHashes(run.id, run.reportTokenHashes),
    );
    const orphansEnded = endOrphansOfEndedAgents(this.ctx, run, storedAgents, ENDING_GRACE_MS);
    // An ending under way when the server died (a stop, requeue, restart, checkpoint pause): its agents still alive
    // are ended now, so the intent (stored before the signals) is carried out rather than forgotten.
    for (const t of toMatch) {
      if (!t.ending) continue;
      const stops = t.agents
        .filter((a) => a.handle && !a.exit)
        .map((slot) => {
          const stop = slot.handle!.stop(ENDING_GRACE_MS);
          ctx.background(
            `ending agent ${slot.name} of ${t.plan.key} (${t.ending!.kind})`,
            stop,
            run,
            t.plan.key,
          );
          return stop;
        });
      // The attempt ends (a restart starts the next one) once nothing of it runs, orphans of ended agents included.
      const orphans = orphansEnded.get(t);
      t.endingStopped = Promise.allSettled(orphans ? [...stops, orphans] : stops).then(() => undefined);
    }
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
    this.rerunCutOffGates(run);
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
      if (handle && !handle.isRunning()) {
        // Its job ended while no server ran (the executor read its recorded exits): ended, not re-attached.
        slot.handle = handle;
        const exit = await handle.exited;
        entry.outcome = { kind: exit.interrupted ? "interrupted" : "ended", exit };
      } else if (handle) {
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
    const exitPath = row.exitPath ?? exitFilePathFor(row.logPath);
    // No identity: the server died while starting it; its shim (or exit file) is found by its log path.
    const identity = row.identity ?? findLaunchedAgent(row.logPath, exitPath);
    if (!identity) {
      const reason =
        "it was being started when Paratrack stopped, and no process or exit record of it is left";
      return { kind: "interrupted", exit: interruptedExit(reason) };
    }
    if (!row.identity)
      await ctx.save(`store the process of agent ${row.name} of ${t.plan.key}`, () =>
        ctx.store.recordAgentLaunch(row.id, { pid: identity.pid, identity, logPath: row.logPath, exitPath }),
      );
    const cursor = parseCursor(row.logCursor);
    const record: AgentRecord = {
      trackKey: t.plan.key,
      agentName: row.name,
      identity,
      logPath: row.logPath,
      exitPath,
      cursor,
    };
    const result = await ctx.adopt(record, {
      onLine: (line, stream, entry) => this.lines.onLine(run, t, slot, line, stream, entry),
      onShimReplaced: (replaced) =>
        storeShimTakeover(ctx, run, t, row.id, { identity: replaced, logPath: row.logPath, exitPath }),
      onLogNotice: (notice) => recordLogNotice(ctx, run, t, row.name, notice),
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

  /** Processes of an ended agent's tree still running: they belong to no live attempt, so they are ended. */
  private reapLeftovers(run: ActiveRun, t: TrackRuntime, agent: AgentProcess, leftovers: number[]) {
    this.ctx.background(
      `ending ${leftovers.length} leftover process(es) of ${t.plan.key}`,
      agent.stop(2_000),
      run,
      t.plan.key,
    );
  }

  /**
   * Ends a run that is not taken over. Its agents that still run are stopped first (superseded-agents.ts), as a stop
   * of its tracks would: the run is then stored as stopped with nothing of it running. A server that dies meanwhile
   * leaves the run unfinished, and the next start stops what is left.
   */
  private async endAsStopped(run: StoredRun, reason: string) {
    const { ctx } = this;
    await stopAgentsOfSupersededRun(ctx, run, reason, ENDING_GRACE_MS);
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
