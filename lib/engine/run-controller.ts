// Runs a plan: starts, signals and watches the tracks' agents, applies the governor's decisions,
// persists every change and pushes it to the browsers.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import type { Config } from "../config";
import { createAgent, recordAgentEnd } from "../db/agents";
import { createConflict } from "../db/conflicts";
import type { PrismaClient } from "../db/generated/client";
import { createReport } from "../db/reports";
import { createRun, getRun, listUnfinishedRuns, markRunStopped, setRunStatus, toRunView } from "../db/runs";
import { closeOpenSpan, openSpan } from "../db/spans";
import { applyTrackSampleRetention, insertTrackSamples } from "../db/track-samples";
import { saveTestOutput, saveTrackState } from "../db/tracks";
import {
  type ConflictTrack,
  decideConflictResolution,
  detectScopeViolation,
  toScopePath,
} from "../domain/conflicts";
import type { NewTypedEvent } from "../domain/event-kinds";
import { decideGovernorActions, initialGovernorMemory } from "../domain/governor";
import type { GovernorAction, GovernorDecision, GovernorTrack } from "../domain/governor-types";
import { planCapacityBytes } from "../domain/plan-capacity";
import { validatePlan } from "../domain/plan-validate";
import { planTracks, type TrackSchedule } from "../domain/planner";
import { applyProgressDirective, parseProgressLine } from "../domain/progress-line";
import {
  attemptOutcome,
  isActive,
  type LeadAction,
  refuseLeadAction,
  resolveDependencies,
  runOutcome,
} from "../domain/track-lifecycle";
import type { Actor, MemorySample, PausedBy, ProgressReport } from "../domain/types";
import { formatBytes } from "../domain/units";
import type { GovernorView, TrackView } from "../domain/views";
import { logRoom } from "../realtime/events";
import type { AgentExit, AgentLauncher, AgentMeasurer, SignalCheck } from "./agent-port";
import type { Emitter } from "./emitter";
import { ConflictError, NotFoundError, PlanRejectedError } from "./errors";
import type { EventLog } from "./event-log";
import type { MemoryMonitor } from "./memory-monitor";
import { runQualityGate } from "./quality-gate";
import {
  type ActiveRun,
  type AgentSlot,
  type EndingIntent,
  initialTrackRuntime,
  type TrackRuntime,
  toTrackView,
} from "./track-runtime";

export type RunControllerDeps = {
  config: Config;
  db: PrismaClient;
  emitter: Emitter;
  events: EventLog;
  logger: Logger;
  monitor: MemoryMonitor;
  now: () => number;
  launch: AgentLauncher;
  measure: AgentMeasurer;
  /** Where agents reach the API (PARATRACK_URL). */
  baseUrl: () => string;
};

export type StartRunInput = {
  source: string;
  fileName: string;
  baseDir: string;
  planPath: string | null;
  /** Overrides the plan's ram.budget (e.g. paratrack run --budget). */
  budgetBytes?: number | null;
};

const FAST_INTERVAL_MS = 250;
const PERSIST_MEMORY_EVERY_MS = 5_000;
const RETENTION_EVERY_MS = 60_000;
const STOP_GRACE_MS = 10_000;
const SHUTDOWN_GRACE_MS = 3_000;

export type RunController = ReturnType<typeof createRunController>;

export function createRunController(deps: RunControllerDeps) {
  const { db, emitter, events, logger, monitor, now } = deps;
  let active: ActiveRun | null = null;
  let governorEnabled = true;
  let governorQueue: GovernorView["queue"] = [];
  let lastPersistAt = 0;
  let lastRetentionAt = 0;
  let passInFlight: Promise<void> | null = null;
  /** Quality gates still running, and how to end them when the run is shut down. */
  const gatesRunning = new Set<Promise<void>>();
  let gatesAbort = new AbortController();
  const locks = new Map<string, Promise<unknown>>();

  /** Serialises everything that changes one track: lead clicks, governor actions and agent exits. */
  function withLock<T>(track: TrackRuntime, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(track.id) ?? Promise.resolve();
    const next = previous.then(fn, fn);
    locks.set(
      track.id,
      next.catch(() => undefined),
    );
    return next;
  }

  const record = (
    run: ActiveRun,
    e: NewTypedEvent extends infer E
      ? E extends NewTypedEvent
        ? Omit<E, "runId" | "trackKey"> & { trackKey?: string | null }
        : never
      : never,
  ) =>
    events.record(e.kind, e.details as never, {
      severity: e.severity,
      message: e.message,
      actor: e.actor,
      runId: run.id,
      trackKey: e.trackKey ?? null,
    });

  async function persistTrack(run: ActiveRun, t: TrackRuntime) {
    await saveTrackState(db, t.id, {
      status: t.status,
      pausedBy: t.pausedBy,
      pauseReason: t.pauseReason,
      progress: t.progress,
      reportStatus: t.reportStatus ?? null,
      modelInForce: t.modelInForce,
      attempts: t.attempts,
      queuedAt: t.queuedAt,
      startedAt: t.startedAt,
      endedAt: t.endedAt,
      currentBytes: t.currentBytes,
      peakBytes: t.peakBytes,
      memoryMethod: t.memoryMethod,
      exitSummary: t.exitSummary,
      testStatus: t.testStatus,
    });
    emitter.emit("track:updated", toTrackView(run.id, t));
  }

  function trackOf(key: string): { run: ActiveRun; track: TrackRuntime } {
    const track = active?.tracks.get(key);
    if (!active || !track) throw new NotFoundError(`no track "${key}" in the current run`);
    return { run: active, track };
  }

  // ---- starting and ending attempts -------------------------------------------------------------

  async function startAttempt(run: ActiveRun, t: TrackRuntime, actor: Actor, reason: string) {
    const at = now();
    t.attempts += 1;
    t.status = "running";
    t.startedAt = at;
    t.endedAt = null;
    t.progress = 0;
    t.pausedBy = null;
    t.pauseReason = null;
    t.exitSummary = null;
    t.ending = null;
    t.waitReason = null;
    t.currentBytes = 0;
    t.testStatus = null;
    const logDir = path.resolve(deps.config.dataDir, "logs", run.id);
    mkdirSync(logDir, { recursive: true });
    t.agents = t.plan.agents.map((spec) => ({
      id: randomUUID(),
      name: spec.name,
      command: spec.command,
      attempt: t.attempts,
      handle: null,
      exit: null,
      startedAt: at,
      currentBytes: 0,
      peakBytes: 0,
      method: null,
      pids: [],
    }));
    await openSpan(db, {
      trackId: t.id,
      attempt: t.attempts,
      kind: "running",
      pausedBy: null,
      at: new Date(at),
    });
    for (const slot of t.agents) {
      const spec = t.plan.agents.find((a) => a.name === slot.name)!;
      const logPath = path.join(
        logDir,
        `${t.plan.key}-${slot.name}-${slot.attempt}.log`.replace(/[^\w.-]/g, "_"),
      );
      const handle = deps.launch({
        trackKey: t.plan.key,
        agent: spec,
        workdir: t.plan.workdir,
        env: { ...t.plan.env, PARATRACK_RUN: run.id },
        url: deps.baseUrl(),
        model: t.modelInForce,
        logPath,
        onLine: (line, stream) => onAgentLine(run, t, slot, line, stream),
      });
      slot.handle = handle;
      await createAgent(db, {
        id: slot.id,
        trackId: t.id,
        name: slot.name,
        attempt: slot.attempt,
        command: slot.command,
        pid: handle.pid,
        logPath,
        startedAt: new Date(at),
      });
      void handle.exited.then((exit) => withLock(t, () => onAgentExit(run, t, slot, exit)));
    }
    await persistTrack(run, t);
    await record(run, {
      kind: "track:started",
      severity: "info",
      message: `Track ${t.plan.key} (${t.plan.name}) started, attempt ${t.attempts}${t.modelInForce ? `, model ${t.modelInForce}` : ""}: ${reason}`,
      actor,
      trackKey: t.plan.key,
      details: { attempt: t.attempts, pids: t.agents.map((a) => a.handle?.pid ?? null), reason },
    });
  }

  async function onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot, exit: AgentExit) {
    slot.exit = exit;
    const at = now();
    await recordAgentEnd(db, slot.id, {
      endedAt: new Date(at),
      exitCode: exit.code,
      signal: exit.signal,
      error: exit.error,
      peakBytes: slot.peakBytes,
    });
    const ok = exit.code === 0;
    const intended = t.ending !== null;
    await record(run, {
      kind: "agent:exited",
      severity: ok || intended ? "info" : "high",
      message: `Agent ${slot.name} of track ${t.plan.key}: ${exit.message}`,
      actor: "agent",
      trackKey: t.plan.key,
      details: { code: exit.code, signal: exit.signal, error: exit.error, attempt: slot.attempt },
    });
    if (slot.attempt !== t.attempts || !t.agents.every((a) => a.exit !== null)) return;
    await endAttempt(run, t);
  }

  /** Every agent of the attempt has exited: decide what the track becomes. */
  async function endAttempt(run: ActiveRun, t: TrackRuntime) {
    const at = now();
    const intent = t.ending;
    t.ending = null;
    t.currentBytes = 0;
    if (intent) {
      await closeOpenSpan(db, t.id, new Date(at), intent.kind === "stop" ? "stopped" : intent.kind);
      switch (intent.kind) {
        case "stop":
          t.status = "stopped";
          t.endedAt = at;
          t.pausedBy = null;
          t.exitSummary = `stopped: ${intent.reason}`;
          break;
        case "requeue":
          t.status = "ready";
          t.queuedAt = at;
          t.pausedBy = null;
          t.exitSummary = `requeued: ${intent.reason}`;
          break;
        case "restart":
          await startAttempt(run, t, "lead", intent.reason);
          return afterChange(run);
        case "swap":
          t.modelInForce = intent.toModel ?? t.modelInForce;
          await startAttempt(run, t, "governor", intent.reason);
          return afterChange(run);
      }
      await persistTrack(run, t);
      return afterChange(run);
    }
    const outcome = attemptOutcome(t.agents.map((a) => a.exit!));
    t.status = outcome.status;
    t.endedAt = at;
    t.exitSummary = outcome.summary;
    if (outcome.status === "completed") t.progress = 100;
    await closeOpenSpan(db, t.id, new Date(at), outcome.status);
    await persistTrack(run, t);
    await record(run, {
      kind: outcome.status === "completed" ? "track:completed" : "track:failed",
      severity: outcome.status === "completed" ? "info" : "high",
      message: `Track ${t.plan.key} ${outcome.status}: ${outcome.summary}`,
      actor: "system",
      trackKey: t.plan.key,
      details: { attempt: t.attempts, exits: t.agents.map((a) => a.exit) },
    });
    if (outcome.status === "completed") {
      const gate = runTrackTest(run, t)
        .catch((error) => logger.error({ err: error, track: t.plan.key }, "quality gate failed to run"))
        .finally(() => gatesRunning.delete(gate));
      gatesRunning.add(gate);
    }
    await afterChange(run);
  }

  async function runTrackTest(run: ActiveRun, t: TrackRuntime) {
    if (!t.plan.test) {
      t.testStatus = "skipped";
      await persistTrack(run, t);
      return;
    }
    t.testStatus = "running";
    await persistTrack(run, t);
    const result = await runQualityGate({
      command: t.plan.test,
      workdir: t.plan.workdir,
      env: t.plan.env,
      signal: gatesAbort.signal,
    });
    t.testStatus = result.cancelled ? "cancelled" : result.passed ? "passed" : "failed";
    await saveTestOutput(db, t.id, result.output);
    await persistTrack(run, t);
    const verdict = result.cancelled ? "was cancelled" : result.passed ? "passed" : "failed";
    await record(run, {
      kind: "track:test",
      severity: result.passed ? "info" : result.cancelled ? "medium" : "high",
      message: `Quality gate of track ${t.plan.key} ${verdict}: \`${t.plan.test}\` ${result.summary}`,
      actor: "system",
      trackKey: t.plan.key,
      details: {
        command: t.plan.test,
        exitCode: result.exitCode,
        durationMs: result.durationMs,
        cancelled: result.cancelled,
      },
    });
  }

  /** Dependencies, the run's end, and an immediate governor pass so the queue moves without waiting a tick. */
  async function afterChange(run: ActiveRun) {
    const list = [...run.tracks.values()];
    const { ready, blocked } = resolveDependencies(
      list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
    );
    for (const key of ready) {
      const t = run.tracks.get(key)!;
      t.status = "ready";
      t.queuedAt = now();
      t.waitReason = null;
      await persistTrack(run, t);
    }
    for (const b of blocked) {
      const t = run.tracks.get(b.key)!;
      if (t.waitReason !== `waiting forever: ${b.reason}`) {
        t.waitReason = `waiting forever: ${b.reason}`;
        emitter.emit("track:updated", toTrackView(run.id, t));
      }
    }
    const outcome = runOutcome(
      list.map((t) => ({ key: t.plan.key, status: t.status, dependsOn: t.plan.dependsOn })),
    );
    if (outcome && !run.finished) {
      run.finished = true;
      await setRunStatus(db, run.id, outcome, new Date(now()));
      await record(run, {
        kind: "run:ended",
        severity: outcome === "completed" ? "info" : "high",
        message: `Run "${run.name}" ${outcome}`,
        actor: "system",
        details: { status: outcome, reason: null },
      });
      await emitRun(run);
      return;
    }
    if (ready.length > 0) void governorPass();
  }

  /** Ends the current attempt on purpose: SIGCONT + SIGTERM, SIGKILL after the grace; waits until it has ended. */
  async function endAttemptOnPurpose(run: ActiveRun, t: TrackRuntime, intent: EndingIntent, graceMs: number) {
    const live = t.agents.filter((a) => a.handle && a.exit === null);
    if (live.length === 0) {
      t.ending = intent;
      await endAttempt(run, t);
      return [];
    }
    t.ending = intent;
    const results = await Promise.all(live.map((a) => a.handle!.stop(graceMs)));
    return results;
  }

  // ---- pause and resume ---------------------------------------------------------------------------

  async function signalTrack(
    run: ActiveRun,
    t: TrackRuntime,
    kind: "pause" | "resume",
    actor: Actor,
    reason: string,
    pausedBy: PausedBy = actor === "lead" ? "lead" : "governor",
  ) {
    const checks: SignalCheck[] = [];
    for (const slot of t.agents) {
      if (!slot.handle || slot.exit) continue;
      checks.push(kind === "pause" ? await slot.handle.pause() : await slot.handle.resume());
    }
    const unchanged = checks.flatMap((c) => c.unchanged);
    const errors = checks.flatMap((c) => c.errors);
    const pids = checks.flatMap((c) => c.pids);
    const at = new Date(now());
    await closeOpenSpan(db, t.id, at, kind === "pause" ? "paused" : "resumed");
    if (kind === "pause") {
      t.status = "paused";
      t.pausedBy = pausedBy;
      t.pauseReason = reason;
      await openSpan(db, { trackId: t.id, attempt: t.attempts, kind: "paused", pausedBy: t.pausedBy, at });
    } else {
      t.status = "running";
      t.pausedBy = null;
      t.pauseReason = null;
      await openSpan(db, { trackId: t.id, attempt: t.attempts, kind: "running", pausedBy: null, at });
    }
    await persistTrack(run, t);
    const verb = kind === "pause" ? "paused (SIGSTOP)" : "resumed (SIGCONT)";
    await record(run, {
      kind: `track:${kind}d`,
      severity: kind === "pause" ? "medium" : "info",
      message: `Track ${t.plan.key} ${verb} by ${actor}: ${reason} — ${pids.length} process(es)${unchanged.length ? `, ${unchanged.length} did not change state` : ", all verified in /proc"}`,
      actor,
      trackKey: t.plan.key,
      details: { pids, unchanged, errors, reason },
    });
    if (unchanged.length > 0 || errors.length > 0) {
      await record(run, {
        kind: "signal:failed",
        severity: "high",
        message: `Track ${t.plan.key}: ${kind} left ${unchanged
          .map((u) => `pid ${u.pid} in state ${u.state}`)
          .concat(errors.map((e) => `pid ${e.pid}: ${e.code}`))
          .join(", ")}`,
        actor: "system",
        trackKey: t.plan.key,
        details: { unchanged, errors },
      });
    }
  }

  // ---- agent output -----------------------------------------------------------------------------

  function onAgentLine(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    line: string,
    stream: "stdout" | "stderr" | "system",
  ) {
    emitter.emitTo(logRoom(t.plan.key)).emit("log:line", {
      trackKey: t.plan.key,
      agent: slot.name,
      stream,
      line,
      at: new Date(now()).toISOString(),
    });
    if (stream !== "stdout") return;
    const parsed = parseProgressLine(line);
    if (!parsed) return;
    if (parsed.kind === "touch") {
      const touched = parsed.path;
      void withLock(t, () => checkScope(run, t, touched)).catch((error) =>
        logger.error({ err: error }, "scope check failed"),
      );
      return;
    }
    if (parsed.kind === "invalid") {
      logger.warn({ track: t.plan.key, line }, `ignored malformed directive: ${parsed.reason}`);
      return;
    }
    const report = applyProgressDirective({ track: t.plan.key, agent: slot.name }, parsed);
    void withLock(t, () => applyReport(run, t, report, "stdout")).catch((error) =>
      logger.error({ err: error }, "report failed"),
    );
  }

  async function applyReport(
    run: ActiveRun,
    t: TrackRuntime,
    report: ProgressReport,
    source: "stdout" | "api" | "cli",
  ) {
    if (report.progressPercent !== undefined) t.progress = report.progressPercent;
    if (report.status !== undefined) t.reportStatus = report.status;
    if (report.blockers && report.blockers.length > 0) {
      t.blockers = [...t.blockers, ...report.blockers].slice(-20);
      for (const b of report.blockers) {
        await record(run, {
          kind: "track:blocker",
          severity: b.severity,
          message: `Track ${t.plan.key} blocker (${b.severity}): ${b.blocker}${b.resolutionPlan ? ` — plan: ${b.resolutionPlan}` : ""}`,
          actor: "agent",
          trackKey: t.plan.key,
          details: { ...b, source },
        });
      }
    }
    await createReport(db, t.id, source, report);
    await persistTrack(run, t);
  }

  // ---- scope conflicts ------------------------------------------------------------------------------

  const conflictTrack = (t: TrackRuntime): ConflictTrack => ({
    key: t.plan.key,
    scope: t.plan.scope,
    status: t.status,
    tier: t.plan.tier,
    priority: t.plan.priority,
    progressPercent: t.progress,
  });

  /** The seed's conflict process: detect → pause the loser → assess → resolve → log. */
  async function checkScope(run: ActiveRun, t: TrackRuntime, touchedPath: string) {
    if (t.plan.scope.length === 0) return;
    const relative = toScopePath(path.resolve(t.plan.workdir, touchedPath), path.resolve(run.plan.workdir));
    const conflict = detectScopeViolation(
      conflictTrack(t),
      relative,
      [...run.tracks.values()].map(conflictTrack),
    );
    if (!conflict || t.conflictPaths.has(`${conflict.kind}:${conflict.path}`)) return;
    t.conflictPaths.add(`${conflict.kind}:${conflict.path}`);
    const other = conflict.otherTrackKeys.map((k) => run.tracks.get(k)).find((o) => o !== undefined);
    const resolution = other
      ? decideConflictResolution(conflict, conflictTrack(t), conflictTrack(other))
      : null;
    const loser = resolution?.loser ? run.tracks.get(resolution.loser) : undefined;
    await createConflict(db, {
      runId: run.id,
      kind: conflict.kind,
      severity: conflict.severity,
      trackKeys: [conflict.trackKey, ...conflict.otherTrackKeys],
      description: conflict.message,
      status: resolution?.action === "escalate" ? "open" : "resolved",
      resolution: resolution
        ? `${resolution.action}: ${resolution.reason}`
        : "recorded: the track touched a path outside its scope",
    });
    await record(run, {
      kind: "conflict:detected",
      severity: conflict.severity === "info" ? "low" : conflict.severity,
      message: `Scope conflict (${conflict.kind}): ${conflict.message}${resolution ? ` — ${resolution.reason}` : ""}`,
      actor: "system",
      trackKey: t.plan.key,
      details: { conflict, resolution },
    });
    if (resolution?.action === "pause-loser" && loser && loser.status === "running") {
      const pause = () =>
        signalTrack(
          run,
          loser,
          "pause",
          "system",
          `scope conflict on ${conflict.path}: ${resolution.reason}`,
          "conflict",
        );
      // The toucher's own lock is held here; the loser's lock serialises its pause with its other changes.
      if (loser === t) await pause();
      else void withLock(loser, pause);
    }
  }

  // ---- memory and the governor --------------------------------------------------------------------

  /** Measures every live agent's process tree in one /proc scan; returns the agents' total. */
  function measureAgents(): number {
    if (!active) return 0;
    const slots: { track: TrackRuntime; slot: AgentSlot }[] = [];
    for (const t of active.tracks.values()) {
      if (!isActive(t.status)) continue;
      for (const slot of t.agents) if (slot.handle && !slot.exit) slots.push({ track: t, slot });
    }
    const measured = slots.length > 0 ? deps.measure(slots.map((s) => s.slot.handle!)) : [];
    const perTrack = new Map<TrackRuntime, { bytes: number; methods: Set<string> }>();
    measured.forEach((m, i) => {
      const { track, slot } = slots[i]!;
      slot.currentBytes = m.bytes;
      slot.peakBytes = Math.max(slot.peakBytes, m.bytes);
      slot.pids = m.pids;
      if (m.processes > 0) slot.method = m.method;
      const acc = perTrack.get(track) ?? { bytes: 0, methods: new Set<string>() };
      acc.bytes += m.bytes;
      if (m.processes > 0) acc.methods.add(m.method);
      perTrack.set(track, acc);
    });
    let total = 0;
    for (const t of active.tracks.values()) {
      const acc = perTrack.get(t);
      t.currentBytes = acc?.bytes ?? 0;
      t.peakBytes = Math.max(t.peakBytes, t.currentBytes);
      if (acc && acc.methods.size > 0)
        t.memoryMethod = acc.methods.size === 1 ? ([...acc.methods][0] as "pss" | "rss" | "mixed") : "mixed";
      total += t.currentBytes;
    }
    return total;
  }

  async function onSample(sample: MemorySample) {
    const run = active;
    if (!run || run.finished) return;
    const at = new Date(sample.at);
    const live = [...run.tracks.values()].filter((t) => isActive(t.status));
    await insertTrackSamples(
      db,
      at,
      live.map((t) => ({ trackId: t.id, bytes: t.currentBytes })),
    );
    emitter.emit("tracks:memory", {
      at: sample.at,
      tracks: Object.fromEntries(live.map((t) => [t.plan.key, t.currentBytes])),
    });
    const nowMs = now();
    if (nowMs - lastPersistAt >= PERSIST_MEMORY_EVERY_MS) {
      lastPersistAt = nowMs;
      for (const t of live) await persistTrack(run, t);
    }
    if (nowMs - lastRetentionAt >= RETENTION_EVERY_MS) {
      lastRetentionAt = nowMs;
      await applyTrackSampleRetention(db, nowMs);
    }
    await governorPass(sample);
  }

  function governorTracks(run: ActiveRun): GovernorTrack[] {
    const list = [...run.tracks.values()];
    return list.map((t) => ({
      key: t.plan.key,
      position: t.position,
      priority: t.plan.priority,
      tier: t.plan.tier,
      status: t.status,
      pausedBy: t.pausedBy,
      estimateBytes: t.plan.ramBytes,
      observedPeakBytes: t.peakBytes > 0 ? t.peakBytes : null,
      currentBytes: t.currentBytes,
      startedAt: t.startedAt,
      progress: t.progress,
      dependantsWaiting: list.filter(
        (o) => o.plan.dependsOn.includes(t.plan.key) && (o.status === "pending" || o.status === "ready"),
      ).length,
      model: t.plan.model,
      modelInForce: t.modelInForce,
    }));
  }

  /** One decision of the governor on the latest sample, carried out. Passes never overlap. */
  function governorPass(sample?: MemorySample): Promise<void> {
    if (passInFlight) return passInFlight;
    passInFlight = runGovernorPass(sample ?? monitor.latest()).finally(() => {
      passInFlight = null;
    });
    return passInFlight;
  }

  async function runGovernorPass(sample: MemorySample | null) {
    const run = active;
    if (!run || run.finished || !sample) return;
    // A sample taken before the run set its budget describes the wrong view: wait for the next one.
    if ((monitor.budgetBytes() === null) !== (sample.budget === null)) return;
    const useBudget = sample.zoneSource === "budget" && sample.budget !== null;
    const view =
      useBudget && sample.budget
        ? { used: sample.budget.usedBytes, capacity: sample.budget.bytes, percent: sample.budget.usedPercent }
        : {
            used: sample.machine.usedBytes,
            capacity: sample.machine.capacityBytes,
            percent: sample.machine.usedPercent,
          };
    const maxConcurrent = run.plan.maxConcurrent ?? sample.tier.maxConcurrent;
    const decision: GovernorDecision = decideGovernorActions(
      {
        now: now(),
        zone: sample.zone,
        usedPercent: view.percent,
        usedBytes: view.used,
        capacityBytes: view.capacity,
        thresholds: monitor.thresholds(),
        policy: {
          admitBelow: run.plan.ram.admitBelow,
          graceSeconds: run.plan.ram.graceSeconds,
          settleSeconds: run.plan.ram.settleSeconds,
          backfillSeconds: run.plan.ram.backfillSeconds,
          ...(run.plan.ram.victimOrder ? { victimOrder: run.plan.ram.victimOrder } : {}),
          maxConcurrent,
          baseIntervalMs: deps.config.sampleIntervalMs,
          fastIntervalMs: Math.min(FAST_INTERVAL_MS, deps.config.sampleIntervalMs),
        },
        enabled: governorEnabled,
        tracks: governorTracks(run),
      },
      run.governorMemory,
    );
    run.governorMemory = decision.memory;
    monitor.setIntervalMs(
      decision.sampleIntervalMs === deps.config.sampleIntervalMs ? null : decision.sampleIntervalMs,
    );

    let actions = decision.actions;
    if (!governorEnabled)
      actions = [...actions.filter((a) => a.kind === "alert"), ...manualAdmission(run, maxConcurrent)];
    const queued = new Map(decision.queue.map((q) => [q.trackKey, q.reason]));
    for (const t of run.tracks.values()) {
      const reason =
        t.status === "ready"
          ? (queued.get(t.plan.key) ?? null)
          : t.status === "pending"
            ? t.waitReason
            : null;
      if (t.status === "ready" && reason !== t.waitReason) {
        t.waitReason = reason;
        emitter.emit("track:updated", toTrackView(run.id, t));
      }
    }
    governorQueue = decision.queue.map((q) => ({ trackKey: q.trackKey, reason: q.reason }));
    emitter.emit("governor:updated", governorView(sample));
    // Shedding load first and all at once: each action waits only on its own track's lock, and in Red the
    // time from the sample to the last SIGSTOP would otherwise grow with the number of tracks.
    const sheds = (a: GovernorAction) => a.kind === "pause" || a.kind === "stop-requeue";
    await Promise.all(actions.filter(sheds).map((action) => carryOut(run, action, sample, view.percent)));
    for (const action of actions.filter((a) => !sheds(a))) await carryOut(run, action, sample, view.percent);
  }

  /** Manual mode: no memory rules, just the concurrency limit, so the plan still moves. */
  function manualAdmission(run: ActiveRun, maxConcurrent: number): GovernorAction[] {
    const running = [...run.tracks.values()].filter((t) => t.status === "running").length;
    const ready = [...run.tracks.values()]
      .filter((t) => t.status === "ready")
      .sort((a, b) => a.position - b.position);
    return ready.slice(0, Math.max(0, maxConcurrent - running)).map((t) => ({
      kind: "start" as const,
      trackKey: t.plan.key,
      reason: `manual mode: starting ready track within the concurrency limit of ${maxConcurrent}`,
    }));
  }

  async function carryOut(run: ActiveRun, action: GovernorAction, sample: MemorySample, usedPercent: number) {
    const details = { zone: sample.zone, usedPercent, action: action.kind, reason: action.reason };
    if (action.kind === "alert") {
      await record(run, {
        kind: "governor:alert",
        severity: action.zone === "red" ? "critical" : action.zone === "orange" ? "high" : "medium",
        message: action.reason,
        actor: "governor",
        details,
      });
      return;
    }
    const t = run.tracks.get(action.trackKey);
    if (!t) return;
    await withLock(t, async () => {
      const actor: Actor = governorEnabled ? "governor" : "system";
      switch (action.kind) {
        case "start":
          if (t.status !== "ready") return;
          await record(run, {
            kind: "governor:start",
            // Without an estimate the track is admitted on observed use only: worth a warning.
            severity: t.plan.ramBytes === null ? "medium" : "info",
            message: action.reason,
            actor,
            trackKey: t.plan.key,
            details,
          });
          await startAttempt(run, t, actor, action.reason);
          return;
        case "pause":
          if (t.status !== "running") return;
          await record(run, {
            kind: "governor:pause",
            severity: "high",
            message: action.reason,
            actor,
            trackKey: t.plan.key,
            details,
          });
          await signalTrack(run, t, "pause", "governor", action.reason);
          return;
        case "resume":
          if (t.status !== "paused" || t.pausedBy !== "governor") return;
          await record(run, {
            kind: "governor:resume",
            severity: "info",
            message: action.reason,
            actor,
            trackKey: t.plan.key,
            details,
          });
          await signalTrack(run, t, "resume", "governor", action.reason);
          return;
        case "stop-requeue":
          if (!isActive(t.status)) return;
          await record(run, {
            kind: "governor:stop-requeue",
            severity: "critical",
            message: action.reason,
            actor,
            trackKey: t.plan.key,
            details,
          });
          void endAttemptOnPurpose(run, t, { kind: "requeue", reason: action.reason }, 2_000);
          return;
        case "swap-model":
          if (t.status !== "running") return;
          await record(run, {
            kind: "governor:swap-model",
            severity: "high",
            message: action.reason,
            actor,
            trackKey: t.plan.key,
            details: { ...details, toModel: action.toModel },
          });
          void endAttemptOnPurpose(
            run,
            t,
            { kind: "swap", reason: action.reason, toModel: action.toModel },
            2_000,
          );
          return;
      }
    });
  }

  function governorView(sample: MemorySample | null): GovernorView {
    return {
      enabled: governorEnabled,
      zone: sample?.zone ?? "green",
      sampleIntervalMs: sample && sample.zone !== "green" ? FAST_INTERVAL_MS : deps.config.sampleIntervalMs,
      queue: governorQueue,
    };
  }

  /** Pushes the run as stored (its phase is the phase service's to change). */
  async function emitRun(run: ActiveRun) {
    const stored = await getRun(db, run.id);
    if (stored) emitter.emit("run:updated", toRunView(stored));
  }

  /** The planner's schedule at start: the Gantt's planned bars. Null when the machine is not sampled yet. */
  function planRun(
    plan: ActiveRun["plan"],
    budget: number | null,
  ): (TrackSchedule & { capacityBytes: number }) | null {
    const sample = monitor.latest();
    if (!sample) return null;
    const capacityBytes = planCapacityBytes(plan, sample, budget);
    try {
      const schedule = planTracks({
        tracks: plan.tracks,
        capacityBytes,
        maxConcurrent: plan.maxConcurrent ?? sample.tier.maxConcurrent,
        resources: plan.resources,
        defaultDurationMs: 3_600_000,
      });
      return { ...schedule, capacityBytes };
    } catch (error) {
      logger.warn({ err: error }, "planner could not schedule the plan");
      return null;
    }
  }

  // ---- the controller's API -------------------------------------------------------------------------

  return {
    measureAgents,
    onSample,

    /** Marks runs left "running" by a previous server process as stopped: their agents are gone. */
    async recoverAfterRestart() {
      for (const run of await listUnfinishedRuns(db)) {
        await markRunStopped(db, run.id, new Date(now()), "stopped: the server restarted");
        await events.record(
          "run:ended",
          { status: "stopped", reason: "the server restarted" },
          {
            severity: "high",
            message: `Run "${run.name}" was stopped: the server restarted while it ran`,
            actor: "system",
            runId: run.id,
            trackKey: null,
          },
        );
      }
    },

    async startRun(input: StartRunInput): Promise<{ runId: string; warnings: unknown[] }> {
      if (active && !active.finished)
        throw new ConflictError(`run "${active.name}" is still running; stop it first`);
      const capacity = (await monitor.firstSample()).machine.capacityBytes;
      const validation = validatePlan(input.source, {
        fileName: input.fileName,
        baseDir: input.baseDir,
        effectiveTotalBytes: capacity,
      });
      if (!validation.ok) throw new PlanRejectedError(validation.errors, validation.warnings);
      const plan = validation.plan;
      const budget =
        input.budgetBytes !== undefined && input.budgetBytes !== null
          ? input.budgetBytes
          : plan.ram.budget === "auto"
            ? deps.config.ramBudgetBytes
            : plan.ram.budget;
      monitor.setBudget(budget);
      monitor.setThresholds(plan.ram.zones);
      const runId = randomUUID();
      const schedule = planRun(plan, budget);
      const tracks = new Map<string, TrackRuntime>();
      for (const [i, tp] of plan.tracks.entries())
        tracks.set(tp.key, initialTrackRuntime(randomUUID(), tp, i));
      await createRun(db, {
        id: runId,
        name: plan.name,
        planSource: input.source,
        planPath: input.planPath,
        plan,
        budgetBytes: budget,
        schedule,
        tracks: [...tracks.values()].map((t) => ({
          id: t.id,
          key: t.plan.key,
          name: t.plan.name,
          position: t.position,
          status: t.status,
        })),
      });
      const run: ActiveRun = {
        id: runId,
        name: plan.name,
        plan,
        startedAt: now(),
        tracks,
        governorMemory: initialGovernorMemory(),
        finished: false,
      };
      if (gatesAbort.signal.aborted) gatesAbort = new AbortController();
      active = run;
      await record(run, {
        kind: "run:started",
        severity: "info",
        message: `Run "${plan.name}" started with ${plan.tracks.length} track(s)${budget ? `, RAM budget ${formatBytes(budget)}` : ""}`,
        actor: "lead",
        details: { warnings: validation.warnings.map((w) => w.message), planPath: input.planPath },
      });
      for (const w of validation.warnings) {
        await record(run, {
          kind: "plan:warning",
          severity: "low",
          message: w.message,
          actor: "system",
          details: { path: w.path, line: w.line },
        });
      }
      await emitRun(run);
      for (const t of tracks.values()) emitter.emit("track:updated", toTrackView(runId, t));
      await afterChange(run);
      return { runId, warnings: validation.warnings };
    },

    activeRun: () => active,
    isGovernorEnabled: () => governorEnabled,
    governorView: () => governorView(monitor.latest()),

    async setGovernorEnabled(enabled: boolean, actor: Actor) {
      if (governorEnabled === enabled) return;
      governorEnabled = enabled;
      const header = { severity: "medium" as const, actor, runId: active?.id ?? null, trackKey: null };
      if (enabled)
        await events.record(
          "governor:enabled",
          { enabled },
          {
            ...header,
            message: "Governor switched on: RAM zones drive admission, pauses and requeues",
          },
        );
      else
        await events.record(
          "governor:disabled",
          { enabled },
          {
            ...header,
            message:
              "Governor switched off (manual mode): tracks start within the concurrency limit; no memory-driven pauses",
          },
        );
      emitter.emit("governor:updated", governorView(monitor.latest()));
    },

    trackViews(): TrackView[] {
      if (!active) return [];
      const run = active;
      return [...run.tracks.values()]
        .sort((a, b) => a.position - b.position)
        .map((t) => toTrackView(run.id, t));
    },

    agentSlots(key: string) {
      return trackOf(key).track.agents;
    },

    async leadAction(key: string, action: LeadAction): Promise<TrackView> {
      const { run, track: t } = trackOf(key);
      if (run.finished && action !== "restart")
        throw new ConflictError(`the run has ended; track ${key} is ${t.status}`);
      const depsDone = t.plan.dependsOn.every((d) => run.tracks.get(d)?.status === "completed");
      const refusal = refuseLeadAction(
        { status: t.status, pausedBy: t.pausedBy, dependenciesDone: depsDone },
        action,
      );
      if (refusal) throw new ConflictError(refusal);
      if (run.finished) {
        run.finished = false;
        await setRunStatus(db, run.id, "running", null);
      }
      let waitFor: Promise<unknown> | null = null;
      await withLock(t, async () => {
        switch (action) {
          case "pause":
            if (t.status === "paused") {
              t.pausedBy = "lead";
              t.pauseReason = "paused by the lead";
              await persistTrack(run, t);
              await record(run, {
                kind: "track:paused",
                severity: "medium",
                message: `Track ${key} taken over by the lead: stays paused until the lead resumes it`,
                actor: "lead",
                trackKey: key,
                details: {
                  pids: [],
                  unchanged: [],
                  errors: [],
                  reason: "taken over by the lead: stays paused until the lead resumes it",
                },
              });
              return;
            }
            await signalTrack(run, t, "pause", "lead", "paused by the lead");
            return;
          case "resume":
            await signalTrack(run, t, "resume", "lead", "resumed by the lead");
            return;
          case "stop":
            if (!isActive(t.status)) {
              t.status = "stopped";
              t.endedAt = now();
              t.exitSummary = "stopped by the lead before it started";
              await persistTrack(run, t);
              await record(run, {
                kind: "track:stopped",
                severity: "medium",
                message: `Track ${key} stopped by the lead before it started`,
                actor: "lead",
                trackKey: key,
                details: { reason: "stopped by the lead before it started" },
              });
              return;
            }
            await record(run, {
              kind: "track:stopping",
              severity: "medium",
              message: `Track ${key}: stopping (SIGTERM, SIGKILL after ${STOP_GRACE_MS / 1000} s)`,
              actor: "lead",
              trackKey: key,
              details: { graceMs: STOP_GRACE_MS },
            });
            waitFor = endAttemptOnPurpose(
              run,
              t,
              { kind: "stop", reason: "stopped by the lead" },
              STOP_GRACE_MS,
            );
            return;
          case "restart":
            if (!isActive(t.status)) {
              await startAttempt(run, t, "lead", "restarted by the lead");
              return;
            }
            waitFor = endAttemptOnPurpose(
              run,
              t,
              { kind: "restart", reason: "restarted by the lead" },
              STOP_GRACE_MS,
            );
            return;
        }
      });
      if (waitFor) {
        await waitFor;
        // Let the exit handlers (queued on the same lock) record the outcome before answering.
        await Promise.all(t.agents.map((a) => a.handle?.exited));
        await withLock(t, async () => undefined);
      }
      if (action === "stop") await afterChange(run);
      return toTrackView(run.id, t);
    },

    async report(key: string, report: ProgressReport, source: "api" | "cli" | "stdout") {
      const { run, track: t } = trackOf(key);
      await withLock(t, () => applyReport(run, t, { ...report, track: key }, source));
      return toTrackView(run.id, t);
    },

    /** Ends every agent (SIGCONT first: never leave a child frozen) and marks the run stopped. */
    async shutdown(reason: string) {
      gatesAbort.abort();
      await Promise.all(gatesRunning);
      const run = active;
      if (!run || run.finished) return;
      await Promise.all(
        [...run.tracks.values()]
          .filter((t) => isActive(t.status))
          .map((t) =>
            endAttemptOnPurpose(run, t, { kind: "stop", reason }, SHUTDOWN_GRACE_MS)
              .then(() => Promise.all(t.agents.map((a) => a.handle?.exited)))
              .then(() => withLock(t, async () => undefined)),
          ),
      );
      for (const t of run.tracks.values()) {
        if (t.status === "ready" || t.status === "pending") {
          t.status = "stopped";
          t.exitSummary = `stopped: ${reason}`;
          await persistTrack(run, t);
        }
      }
      await afterChange(run);
    },
  };
}
