// The shared resources of the run systems (trigger.dev's SystemResources): database functions, emitter, event log,
// clock, logger, per-track lock, persistence helpers, and the mutable state of the run. Every system gets this one
// bundle; none of them owns a resource of its own.
import type { Logger } from "pino";
import type { Config } from "../../config";
import { toRunView } from "../../db/runs";
import {
  createDirectWrites,
  type WriteBehind,
  type WriteOptions,
  type WriteOutcome,
} from "../../db/write-behind";
import type { EventDetails, EventKind } from "../../domain/event-kinds";
import type { PreflightResult } from "../../domain/plan/preflight";
import type { Actor, Plan, Severity } from "../../domain/types";
import type { ClusterView, GovernorView } from "../../domain/views";
import type { GitRunner } from "../../git/git-runner";
import type { OllamaClient } from "../../models/ollama";
import type { AgentAdopter, AgentLauncher, AgentMeasurer } from "../agent-port";
import type { Emitter } from "../emitter";
import { NotFoundError } from "../errors";
import type { EventLog } from "../event-log";
import type { SlurmExecutor } from "../executors/slurm-executor";
import type { MemoryMonitor } from "../memory-monitor";
import type { PlanService } from "../plan-service";
import { type ActiveRun, type TrackRuntime, toTrackView } from "../track-runtime";
import { createRunBus, type RunBus } from "./bus";
import type { RunStore } from "./store";

/** What the run systems are built from; tests pass fakes for launch, measure, now and the monitor. */
export type RunControllerDeps = {
  config: Config;
  store: RunStore;
  emitter: Emitter;
  events: EventLog;
  logger: Logger;
  monitor: MemoryMonitor;
  now: () => number;
  launch: AgentLauncher;
  /** Finds the previous server's agents again at start. */
  adopt: AgentAdopter;
  measure: AgentMeasurer;
  /** Where agents reach the API (PARATRACK_URL). */
  baseUrl: () => string;
  /** Validation and scheduling of plans off the event loop (a worker thread). */
  plans: Pick<PlanService, "validate" | "schedule">;
  /** The local model server (Ollama); null or absent: none (model memory and unloading stay off). */
  ollama?: OllamaClient | null;
  /** How often the model server is asked what it has loaded (default 5 s). */
  modelPollMs?: number;
  /** The pre-flight checks of a plan before its run starts; absent: none (tests with fake agents). */
  preflight?: (plan: Plan, memory: PreflightMemory | null) => Promise<PreflightResult[]>;
  /** How git is run for plans with a repo (issue 13); default: git on PATH. */
  git?: GitRunner;
  /** How save() writes: queued in order while the database is unreachable (default: at once). */
  writes?: WriteBehind;
  /** Issue 16: runs tracks with `executor: slurm` as Slurm jobs; absent or null: such tracks fail to start, saying why. */
  slurm?: SlurmExecutor | null;
};

/** Memory the tracks may use at the start: what is available, or what is left of the budget. */
export type PreflightMemory = { availableBytes: number; source: string };

/** The run in this process and the governor's switch and queue. */
export type RunState = {
  active: ActiveRun | null;
  governorEnabled: boolean;
  governorQueue: GovernorView["queue"];
  governorOrdering: GovernorView["ordering"];
  /** What limits concurrency at the governor's last pass (null until a run's first pass). */
  governorConcurrency: Required<Pick<GovernorView, "maxConcurrent" | "concurrency">> | null;
  /** The Slurm cluster at the cluster governor's last pass; null for runs without Slurm tracks. */
  cluster: ClusterView | null;
};

export type EventHeaderOfRun = {
  severity: Severity;
  message: string;
  actor: Actor;
  trackKey?: string | null;
};

export type RunContext = RunControllerDeps & {
  bus: RunBus;
  state: RunState;
  /** Serialises everything that changes one track: lead clicks, governor actions and agent exits. */
  withLock<T>(track: TrackRuntime, fn: () => Promise<T>): Promise<T>;
  /** The current run's track `key`, or a 404. */
  trackOf(key: string): { run: ActiveRun; track: TrackRuntime };
  /** Records an event of the run; a failed write is logged, the run goes on. */
  record<K extends EventKind>(
    run: ActiveRun,
    kind: K,
    details: EventDetails[K],
    header: EventHeaderOfRun,
  ): Promise<void>;
  /** Stores the track's state and pushes it; announces a status change on the bus. */
  persistTrack(run: ActiveRun, t: TrackRuntime): Promise<void>;
  /** Pushes the track without storing it (wait reasons live in memory only). */
  emitTrack(run: ActiveRun, t: TrackRuntime): void;
  /** Pushes the run as stored (its phase is the phase service's to change). */
  emitRun(run: ActiveRun): Promise<void>;
  /**
   * A database write that must not stop the run when it fails: the live state in memory is the truth while the
   * run goes on, and the next write of the same row (tracks are stored whole) makes good a missed one. Resolves with
   * what became of the write: "queued" while the database is unreachable (it runs later), "failed" when it threw.
   */
  save(
    operation: string,
    write: () => Promise<unknown>,
    options?: WriteOptions,
  ): Promise<WriteOutcome | "failed">;
  /** Work nobody awaits: its failure is logged and, for a run, recorded, instead of crashing the process. */
  background(operation: string, work: Promise<unknown>, run?: ActiveRun, trackKey?: string): void;
};

export function createRunContext(deps: RunControllerDeps): RunContext {
  const { logger } = deps;
  const bus = createRunBus(logger);
  const state: RunState = {
    active: null,
    governorEnabled: true,
    governorQueue: [],
    governorOrdering: null,
    governorConcurrency: null,
    cluster: null,
  };
  const locks = new Map<string, Promise<unknown>>();
  const storedStatus = new Map<string, TrackRuntime["status"]>();

  const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

  const writes = deps.writes ?? createDirectWrites();
  const save: RunContext["save"] = async (operation, write, options) => {
    try {
      return await writes.write(operation, write, options);
    } catch (error) {
      logger.error({ err: error, operation }, `database write failed: ${operation}`);
      return "failed";
    }
  };

  const record: RunContext["record"] = async (run, kind, details, header) => {
    try {
      await deps.events.record(kind, details, {
        severity: header.severity,
        message: header.message,
        actor: header.actor,
        runId: run.id,
        trackKey: header.trackKey ?? null,
      });
    } catch (error) {
      logger.error({ err: error, kind, message: header.message }, "could not record an event");
    }
  };

  const emitTrack: RunContext["emitTrack"] = (run, t) =>
    deps.emitter.emit("track:updated", toTrackView(run.id, t));

  return {
    ...deps,
    bus,
    state,
    withLock(track, fn) {
      const previous = locks.get(track.id) ?? Promise.resolve();
      const next = previous.then(fn, fn);
      locks.set(
        track.id,
        next.catch(() => undefined),
      );
      return next;
    },
    trackOf(key) {
      const track = state.active?.tracks.get(key);
      if (!state.active || !track) throw new NotFoundError(`no track "${key}" in the current run`);
      return { run: state.active, track };
    },
    record,
    async persistTrack(run, t) {
      await save(`store track ${t.plan.key}`, () =>
        deps.store.saveTrackState(t.id, {
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
          pauseMode: t.pauseMode,
          endingIntent: t.ending ? JSON.stringify(t.ending) : null,
          progressAtAttemptStart: t.progressAtAttemptStart,
        }),
      );
      emitTrack(run, t);
      // Every track is created pending; each change of status passes through here.
      const from = storedStatus.get(t.id) ?? "pending";
      if (from !== t.status) {
        storedStatus.set(t.id, t.status);
        bus.emit("trackStatusChanged", { runId: run.id, trackKey: t.plan.key, from, to: t.status });
      }
    },
    emitTrack,
    async emitRun(run) {
      await save(`push run ${run.id}`, async () => {
        const stored = await deps.store.getRun(run.id);
        if (stored) deps.emitter.emit("run:updated", toRunView(stored));
      });
    },
    save,
    background(operation, work, run, trackKey) {
      work.catch((error: unknown) => {
        logger.error({ err: error, operation }, `${operation} failed`);
        if (run)
          void record(
            run,
            "engine:error",
            { operation, error: messageOf(error) },
            {
              severity: "high",
              message: `${operation} failed: ${messageOf(error)}`,
              actor: "system",
              trackKey,
            },
          );
      });
    },
  };
}
