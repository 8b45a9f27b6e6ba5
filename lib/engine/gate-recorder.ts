// Keeps the stored gate results current without any reader writing them: the open gates are evaluated and
// stored when something they read changes (a track's status; the run's end at once, which also moves the run to
// phase 5's gate; the lead's ticks store their own). An evaluation costs the event loop a few hundred milliseconds on a busy machine, so changes are gathered
// for `minIntervalMs` (a run's start changes every track at once) and evaluations never overlap.
import type { Logger } from "pino";
import type { PhaseService } from "./phase-service";
import type { RunController } from "./run/controller";

export type GateRecorder = {
  /** Stops listening and waits for an evaluation under way. */
  stop(): Promise<void>;
};

/** How long changes are gathered before the open gates are evaluated (the run's end does not wait). */
export const GATE_RECORD_INTERVAL_MS = 10_000;

export function createGateRecorder(deps: {
  runs: Pick<RunController, "on">;
  phases: Pick<PhaseService, "recordOpenGates" | "onRunEnded">;
  logger: Logger;
  minIntervalMs?: number;
}): GateRecorder {
  const minIntervalMs = deps.minIntervalMs ?? GATE_RECORD_INTERVAL_MS;
  let inFlight: Promise<void> | null = null;
  let pending: { runId: string; ended: boolean } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  const evaluate = (runId: string, ended: boolean) => {
    inFlight = (ended ? deps.phases.onRunEnded(runId) : deps.phases.recordOpenGates(runId))
      .catch((error: unknown) => deps.logger.error({ err: error, runId }, "could not store the gate results"))
      .finally(() => {
        inFlight = null;
        schedule();
      });
  };

  /** Starts the pending evaluation now (the run ended) or after the gathering time. */
  const schedule = () => {
    if (stopped || inFlight || timer || !pending) return;
    const waitMs = pending.ended ? 0 : minIntervalMs;
    const start = () => {
      timer = null;
      const next = pending;
      pending = null;
      if (next && !stopped) evaluate(next.runId, next.ended);
    };
    if (waitMs === 0) start();
    else {
      timer = setTimeout(start, waitMs);
      timer.unref();
    }
  };

  const request = (runId: string, ended: boolean) => {
    pending = { runId, ended: ended || (pending?.ended ?? false) };
    if (ended && timer) {
      clearTimeout(timer);
      timer = null;
    }
    schedule();
  };

  // Runs that have ended: a quality gate finishing after the end (it tests a track after the track) tries the
  // move to phase 5 again.
  const ended = new Set<string>();
  const unsubscribe = [
    deps.runs.on("trackStatusChanged", ({ runId }) => request(runId, false)),
    deps.runs.on("runEnded", ({ runId }) => {
      ended.add(runId);
      request(runId, true);
    }),
    deps.runs.on("trackGateFinished", ({ runId }) => request(runId, ended.has(runId))),
  ];

  return {
    async stop() {
      stopped = true;
      pending = null;
      if (timer) clearTimeout(timer);
      timer = null;
      for (const off of unsubscribe) off();
      while (inFlight) await inFlight;
    },
  };
}
