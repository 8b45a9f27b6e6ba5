// A viewer: a server on a database whose engine runs in another server (the owner). It serves the pages and the read
// API from the database through an engine that is built but never started (no sampling, no run in memory: every
// query reads the stored run), hands the lead's actions to the owner, and shows the owner's governor as last pushed.
import type { PhaseNumber } from "../../domain/phases/phases";
import type { GovernorView, TrackView } from "../../domain/views";
import type { Engine } from "../engine";
import type { PhaseService } from "../phase-service";
import type { AdvanceResult, TickInput } from "../phase-views";
import type { RunController } from "../run/controller";
import type { LeadCommand } from "./lead-commands";

/** Hands a command to the owner and resolves with its answer (rejects with the owner's error, or a 503). */
export type ForwardCommand = (command: LeadCommand) => Promise<unknown>;

export type ViewerEngine = Engine & {
  /** The owner's governor, as it last pushed it (GET /api/governor is synchronous). */
  setGovernorView(view: GovernorView): void;
};

/** Wraps an engine that is never started: reads from the database, lead actions to the owner. */
export function createViewerEngine(idle: Engine, forward: ForwardCommand): ViewerEngine {
  let governor: GovernorView | null = null;
  const runs: RunController = {
    ...idle.runs,
    async startRun(input) {
      return (await forward({
        kind: "run:start",
        source: input.source,
        fileName: input.fileName,
        baseDir: input.baseDir,
        planPath: input.planPath,
        budgetBytes: input.budgetBytes ?? null,
      })) as Awaited<ReturnType<RunController["startRun"]>>;
    },
    async leadAction(key, action, options) {
      // The options go along: a pause that frees memory is not a freeze on the owner's side.
      return (await forward({ kind: "track:action", key, action, ...(options ?? {}) })) as TrackView;
    },
    async report(key, report, source, reporter) {
      return (await forward({ kind: "track:report", key, report, source, reporter })) as TrackView;
    },
    async setGovernorEnabled(enabled) {
      governor = (await forward({ kind: "governor:set", enabled })) as GovernorView;
    },
    governorView: () => governor ?? idle.runs.governorView(),
  };
  const phases: PhaseService = {
    ...idle.phases,
    async tick(runId: string | undefined, phase: PhaseNumber, input: TickInput) {
      return (await forward({ kind: "phase:tick", runId, phase, input })) as Awaited<
        ReturnType<PhaseService["tick"]>
      >;
    },
    async advance(runId, input) {
      return (await forward({ kind: "phase:advance", runId, input })) as AdvanceResult;
    },
  };
  return {
    ...idle,
    runs,
    phases,
    // Only the owner knows which run it holds, and its agents' logs are in its data directory.
    deletion: {
      deleteRun: async (runId) =>
        (await forward({ kind: "run:delete", runId })) as Awaited<
          ReturnType<Engine["deletion"]["deleteRun"]>
        >,
    },
    // Nothing to start: the owner samples and runs; stop() only closes what the idle engine opened.
    start: async () => undefined,
    stop: () => idle.stop(),
    health: () => ({ ...idle.health(), role: "viewer" as const }),
    setGovernorView(view) {
      governor = view;
    },
  };
}
