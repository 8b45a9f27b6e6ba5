// Keeps the stored gate results current without any reader writing them: the open gates are evaluated and
// stored when something they read changes (a track's status, the run's end; the lead's ticks store their own).
// Evaluations never overlap, and a burst of changes (a run's start makes every track ready) costs one more at most.
import type { Logger } from "pino";
import type { PhaseService } from "./phase-service";
import type { RunController } from "./run/controller";

export type GateRecorder = {
  /** Stops listening and waits for an evaluation under way. */
  stop(): Promise<void>;
};

export function createGateRecorder(deps: {
  runs: Pick<RunController, "on">;
  phases: Pick<PhaseService, "recordOpenGates">;
  logger: Logger;
}): GateRecorder {
  let inFlight: Promise<void> | null = null;
  let pendingRunId: string | null = null;
  let stopped = false;

  const record = (runId: string): void => {
    if (stopped) return;
    if (inFlight) {
      pendingRunId = runId;
      return;
    }
    inFlight = deps.phases
      .recordOpenGates(runId)
      .catch((error: unknown) => deps.logger.error({ err: error, runId }, "could not store the gate results"))
      .finally(() => {
        inFlight = null;
        const next = pendingRunId;
        pendingRunId = null;
        if (next !== null) record(next);
      });
  };

  const unsubscribe = [
    deps.runs.on("trackStatusChanged", ({ runId }) => record(runId)),
    deps.runs.on("runEnded", ({ runId }) => record(runId)),
  ];

  return {
    async stop() {
      stopped = true;
      pendingRunId = null;
      for (const off of unsubscribe) off();
      while (inFlight) await inFlight;
    },
  };
}
