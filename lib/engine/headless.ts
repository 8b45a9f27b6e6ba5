// `paratrack run --headless`: the engine with its real parts and no web server. Starts one plan, shows its
// progress on a terminal (or as plain lines), waits for the run to end and returns its summary and exit code.
import { mkdirSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import type { Config } from "../config";
import { closeDb, prepareDatabase } from "../db/client";
import { listRunEvents } from "../db/events";
import type { PrismaClient } from "../db/generated/client";
import { listMemorySamples } from "../db/memory-samples";
import { DatabaseOwnedError } from "../db/postgres-owner-lock";
import { listTrackMemory } from "../db/track-samples";
import type { EventKind } from "../domain/event-kinds";
import type { PlanIssue } from "../domain/plan/plan-validate";
import { formatPreflight } from "../domain/plan/preflight";
import {
  addMemorySample,
  addTrackMemoryPoint,
  EMPTY_MEMORY_STATS,
  GOVERNOR_DECISION_KINDS,
  governorDecisionKind,
  type MemoryStats,
  type RunSummary,
  summarizeRun,
  type TrackOutcome,
} from "../domain/reporting/run-summary";
import type { MemorySample, PtEvent } from "../domain/types";
import type { RunView, TrackMemoryPoint, TrackView } from "../domain/views";
import { keepDataPrivate } from "../security/private-data";
import type { AgentLauncher } from "./agent-port";
import { assembleEngine } from "./assemble";
import type { Emit, Emitter } from "./emitter";
import { PlanRejectedError, PreflightFailedError } from "./errors";
import { readFailureLogs } from "./failure-logs";
import { createProgressDisplay, type DisplayStream } from "./headless-display";
import { watchForStuck } from "./headless-stuck";
import { DatabaseInUseError } from "./owner-lock";
import { precheckPlanFile, printIssues } from "./plan-precheck";
import { runningMsOf } from "./run/running-clock";

export type HeadlessOptions = {
  planPath: string;
  /** Overrides the plan's ram.budget, like RAM_BUDGET (paratrack run --budget). */
  budgetBytes: number | null;
  /** Start despite failed pre-flight checks, for this reason (paratrack run --force --reason). */
  override?: string | null;
  config: Config;
  /** Where progress goes: stdout, or stderr when stdout carries the JSON summary. */
  progress: DisplayStream;
  /** Where the reasons nothing started go (an unreadable or invalid plan, a refusal): stderr; default progress. */
  errors?: DisplayStream;
  /** Live bars (a terminal) or plain lines. */
  live: boolean;
  colour: boolean;
  /** The engine's pino log (JSON lines); never the terminal. */
  logFile: string;
  /** Aborting stops every agent (SIGTERM, then SIGKILL) and ends the run as stopped: Ctrl-C. */
  signal?: AbortSignal;
  /** For tests that wrap the supervisor; default: real agent processes. */
  launch?: AgentLauncher;
  now?: () => number;
};

export type HeadlessResult = {
  /** 0 every track completed; 1 otherwise or the plan was rejected; 2 the plan file is unreadable; 130 aborted. */
  exitCode: number;
  summary: RunSummary | null;
};

const NOTED_KINDS: readonly EventKind[] = [
  "run:started",
  "plan:warning",
  "track:failed",
  "track:test",
  "track:test-orphans",
  "blocker:raised",
  "blocker:updated",
  "blocker:dropped",
  "signal:failed",
  "engine:error",
  "run:ended",
];

/** Event kinds worth a line of their own, beyond the tracks' status lines. */
function noteFor(event: PtEvent): string | null {
  if (governorDecisionKind(event.kind) !== null) return `governor: ${event.message}`;
  return (NOTED_KINDS as readonly string[]).includes(event.kind) ? event.message : null;
}

/** Stored samples a taken-over run's summary reads at most (1 s ones for the last hour, minute ones before). */
const EARLIER_SAMPLES_LIMIT = 100_000;

/**
 * What a run taken over did before this process: the governor's decisions (stored events) and its memory (stored
 * samples since it started), so that its summary counts the whole run, not only the part after the takeover.
 */
async function earlierRecord(
  db: PrismaClient,
  run: { id: string; startedAt: number },
): Promise<{ eventKinds: string[]; memory: MemoryStats }> {
  const kinds = GOVERNOR_DECISION_KINDS.map((kind) => `governor:${kind}` as EventKind);
  const events = await listRunEvents(db, run.id, kinds);
  const since = new Date(run.startedAt);
  let memory = EMPTY_MEMORY_STATS;
  for (const sample of await listMemorySamples(db, { since, limit: EARLIER_SAMPLES_LIMIT }))
    memory = addMemorySample(memory, sample);
  for (const point of await listTrackMemory(db, run.id, since, EARLIER_SAMPLES_LIMIT))
    memory = addTrackMemoryPoint(memory, point.tracks);
  return { eventKinds: events.map((e) => e.kind), memory };
}

/** Runs one plan to its end without a web server; see HeadlessResult for the exit codes. */
export async function runHeadless(options: HeadlessOptions): Promise<HeadlessResult> {
  const now = options.now ?? Date.now;
  const out = options.progress;
  const failures = options.errors ?? out;
  const refuse = (line: string) => failures.write(`${line}\n`);

  const precheck = precheckPlanFile(options.planPath, refuse);
  if (!precheck.ok) return { exitCode: precheck.exitCode, summary: null };
  const { input } = precheck;

  mkdirSync(path.dirname(path.resolve(options.logFile)), { recursive: true });
  const logDestination = pino.destination({ dest: options.logFile, sync: true, mkdir: true });
  const logger = pino(
    { level: options.config.logLevel, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    logDestination,
  );

  // The engine's outbound events drive the display and the summary; per-track log lines stay in the log files.
  // From startRun on, this engine's one run is ours: its id arrives with its first run:updated.
  let starting = false;
  let runId: string | null = null;
  let runEnded: RunView["status"] | null = null;
  let memory: MemoryStats = EMPTY_MEMORY_STATS;
  let latestSample: MemorySample | null = null;
  const runEvents: { runId: string; kind: string }[] = [];
  const firstStarts = new Map<string, number>();
  let onRunEnded: () => void = () => undefined;
  let refresh: () => void = () => undefined;
  const display = createProgressDisplay({ out, live: options.live, colour: options.colour, now });

  const dispatch = (event: string, payload: unknown) => {
    switch (event) {
      case "memory:sample":
        latestSample = payload as MemorySample;
        if (starting) memory = addMemorySample(memory, latestSample);
        break;
      case "tracks:memory":
        if (starting) memory = addTrackMemoryPoint(memory, (payload as TrackMemoryPoint).tracks);
        break;
      case "track:updated": {
        const view = payload as TrackView;
        if (view.startedAt && !firstStarts.has(view.key))
          firstStarts.set(view.key, Date.parse(view.startedAt));
        break;
      }
      case "event:created": {
        const e = payload as PtEvent;
        if (starting && e.runId !== null) {
          runEvents.push({ runId: e.runId, kind: e.kind });
          const note = noteFor(e);
          if (note !== null) display.note(Date.parse(e.at), note);
        }
        break;
      }
      case "run:updated": {
        const run = payload as RunView;
        if (starting && runId === null) runId = run.id;
        if (run.id === runId && run.status !== "running") {
          runEnded = run.status;
          onRunEnded();
        }
        break;
      }
    }
    refresh();
  };
  const emit: Emit = (event, ...args) => dispatch(event, args[0]);
  const emitter: Emitter = { emit, emitTo: () => ({ emit: () => undefined }) };

  // The plan's env values, the agents' logs: this user's only (lib/security/private-data.ts).
  keepDataPrivate(options.config.dataDir, options.config.databaseUrl);
  const db = await prepareDatabase(options.config.databaseUrl);
  const engine = assembleEngine({
    config: options.config,
    db,
    emitter,
    logger,
    ...(options.launch ? { launch: options.launch } : {}),
    now,
  });
  // No API listens: agents get no PARATRACK_URL and report through ::progress lines on stdout.
  engine.setBaseUrl("");

  let runStartedAt = now();
  refresh = () => {
    const run = engine.runs.activeRun();
    if (!run) return;
    display.update(engine.runs.trackViews(), latestSample, now() - runStartedAt);
  };
  const ticker = options.live ? setInterval(refresh, 1000) : null;

  let aborted = false;
  // A headless run owns its agents and ends them when it ends; agents of a run it did not start are left alone.
  let agentsOnExit: "stop" | "detach" = "stop";
  const cleanup = async () => {
    if (ticker) clearInterval(ticker);
    await engine.stop({ agents: agentsOnExit, reason: "the headless run ended" });
    display.finish();
    await closeDb();
    logDestination.flushSync();
  };

  display.note(now(), `engine log: ${options.logFile}`);
  try {
    await engine.start();
  } catch (error) {
    // Another Paratrack owns the data directory (or the PostgreSQL database): its message says whose and what to do.
    if (!(error instanceof DatabaseInUseError || error instanceof DatabaseOwnedError)) throw error;
    refuse(`cannot start: ${error.message}`);
    await cleanup();
    return { exitCode: 2, summary: null };
  }
  try {
    logger.info({ plan: input.planPath, budgetBytes: options.budgetBytes }, "headless run starting");
    const ended = new Promise<void>((resolve) => {
      onRunEnded = resolve;
    });
    const abortedPromise = new Promise<void>((resolve) => {
      if (options.signal?.aborted) resolve();
      options.signal?.addEventListener("abort", () => resolve(), { once: true });
    });
    const taken = engine.runs.activeRun();
    const continuing = taken !== null && !taken.finished;
    if (continuing && taken.planPath !== null && taken.planPath === input.planPath) {
      // The previous server (or headless run) left this very plan running: carry on with it.
      display.note(
        now(),
        `taking over the run of this plan that was still running (its agents were re-attached)`,
      );
      runId = taken.id;
      // Read before this process counts on, so that nothing is counted twice.
      const earlier = await earlierRecord(db, taken);
      for (const kind of earlier.eventKinds) runEvents.push({ runId: taken.id, kind });
      memory = earlier.memory;
      starting = true;
      runStartedAt = taken.startedAt;
    } else if (continuing) {
      agentsOnExit = "detach";
      refuse(
        `paratrack: run "${taken.name}" is still running on this data directory (taken over from a previous server); stop it first (paratrack stop --end-agents, or from its dashboard), or use another DATA_DIR`,
      );
      await cleanup();
      return { exitCode: 1, summary: null };
    }
    try {
      if (!continuing) {
        runStartedAt = now();
        starting = true;
        const started = await engine.runs.startRun({
          ...input,
          budgetBytes: options.budgetBytes,
          override: options.override ?? null,
        });
        runId = started.runId;
        runStartedAt = engine.runs.activeRun()?.startedAt ?? runStartedAt;
      }
    } catch (error) {
      if (error instanceof PlanRejectedError) {
        printIssues(refuse, [...error.errors, ...(error.warnings as PlanIssue[])]);
        refuse(`${options.planPath}: plan rejected, nothing started`);
        await cleanup();
        return { exitCode: 1, summary: null };
      }
      if (error instanceof PreflightFailedError) {
        for (const line of formatPreflight(error.results)) refuse(line);
        refuse(
          `${options.planPath}: pre-flight checks failed, nothing started (fix them, or --force --reason "<why>")`,
        );
        await cleanup();
        return { exitCode: 1, summary: null };
      }
      throw error;
    }
    const run = engine.runs.activeRun()!;
    refresh();

    // No lead can raise a headless run's budget: a run stuck on tracks too large for it ends, saying why.
    const watch = watchForStuck(() => engine.runs.trackViews(), now);
    let stuck: string | null = null;
    const stuckFound = watch.stuck.then((reason) => {
      stuck = reason;
    });
    if (!run.finished) await Promise.race([ended, abortedPromise, stuckFound]);
    watch.stop();
    if (!run.finished && stuck !== null) {
      display.note(
        now(),
        `${stuck}; nothing else can run, so the run stops (run it again with a larger --budget)`,
      );
      await engine.runs.shutdown("no track can start within the RAM budget");
    } else if (!run.finished && options.signal?.aborted) {
      aborted = true;
      // The signal that stopped it, when the caller says (run.ts aborts with it); Ctrl-C otherwise.
      const reason = options.signal.reason;
      const signal = typeof reason === "string" && reason.startsWith("SIG") ? reason : "SIGINT";
      display.note(
        now(),
        `interrupted (${signal}): stopping every agent (SIGTERM, then SIGKILL after the grace; Ctrl-C again to stop waiting)`,
      );
      await engine.runs.shutdown(`interrupted (${signal})`);
    } else {
      await waitForQualityGates(engine.runs.trackViews, abortedPromise);
    }
    refresh();

    const endedAt = now();
    const failures = await readFailureLogs(engine, run.id, [...run.tracks.values()]);
    const summary = summarizeRun({
      run: {
        id: run.id,
        name: run.name,
        status: runEnded ?? "stopped",
        startedAt: run.startedAt,
        endedAt,
        planPath: input.planPath,
      },
      tracks: [...run.tracks.values()]
        .sort((a, b) => a.position - b.position)
        .map(
          (t): TrackOutcome => ({
            key: t.plan.key,
            name: t.plan.name,
            status: t.status,
            attempts: t.attempts,
            startedAt: earliest(firstStarts.get(t.plan.key) ?? null, t.startedAt),
            endedAt: t.endedAt,
            // The last attempt's (the successful one's) running time and that of the attempts it resumed: pauses,
            // queueing and attempts started over are no work.
            runningMs:
              t.attempts > 0 ? t.carriedRunningMs + runningMsOf(t.clock, t.endedAt ?? endedAt) : null,
            peakBytes: t.peakBytes,
            exits: t.agents.map((a) => ({
              agent: a.name,
              code: a.exit?.code ?? null,
              signal: a.exit?.signal ?? null,
            })),
            exitSummary: t.exitSummary,
            testStatus: t.testStatus,
            ...(failures.has(t.plan.key) ? { failure: failures.get(t.plan.key)! } : {}),
          }),
        ),
      memory,
      eventKinds: runEvents.filter((e) => e.runId === run.id).map((e) => e.kind),
    });
    await cleanup();
    return { exitCode: aborted ? 130 : summary.ok ? 0 : 1, summary };
  } catch (error) {
    logger.error({ err: error }, "headless run failed");
    await cleanup().catch(() => undefined);
    throw error;
  }
}

/** Quality gates run after a track completed and may outlast the run's end: wait for them (or an abort). */
async function waitForQualityGates(views: () => TrackView[], aborted: Promise<void>): Promise<void> {
  let stop = false;
  void aborted.then(() => {
    stop = true;
  });
  while (!stop && views().some((v) => v.testStatus === "running")) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
