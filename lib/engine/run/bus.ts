// The run systems' internal events (trigger.dev's EventBus): what one system announces and others act on,
// so that no system calls back into the one that called it. Listeners' failures are logged, never thrown.
import type { Logger } from "pino";
import type { ReportSource } from "../../domain/event-kinds";
import type { LeadAction } from "../../domain/phases/track-lifecycle";
import type { ProgressReport, TrackStatus, Zone } from "../../domain/types";
import type { RunStatus } from "../../domain/views";

export type RunBusEvents = {
  /** Tracks became ready to start: the governor looks at once instead of at the next sample. */
  tracksReady: [{ runId: string }];
  /** A track's status changed (and was stored). */
  trackStatusChanged: [{ runId: string; trackKey: string; from: TrackStatus; to: TrackStatus }];
  /** The lead's action on a track was carried out (an explicit resume or restart lifts a budget hold). */
  leadActed: [{ runId: string; trackKey: string; action: LeadAction }];
  /** A report was applied to a track (its blockers go to the board). */
  reportApplied: [{ runId: string; trackKey: string; report: ProgressReport; source: ReportSource }];
  /** A completed track's quality gate ended (handoffs leave on "passed" or "skipped"). */
  trackGateFinished: [
    { runId: string; trackKey: string; outcome: "passed" | "failed" | "cancelled" | "skipped" },
  ];
  /** Every track is done: the run ended with this outcome. */
  runEnded: [{ runId: string; status: Exclude<RunStatus, "running"> }];
  /** The governor paused a track and its SIGSTOP was verified: `sampleAt` is the sample it decided on. */
  governorPaused: [{ runId: string; trackKey: string; zone: Zone; sampleAt: string; pausedAt: number }];
};

export type RunBusEvent = keyof RunBusEvents;
type Listener<E extends RunBusEvent> = (...args: RunBusEvents[E]) => unknown;

export type RunBus = {
  emit<E extends RunBusEvent>(event: E, ...args: RunBusEvents[E]): void;
  /** Returns the function that removes the listener. */
  on<E extends RunBusEvent>(event: E, listener: Listener<E>): () => void;
};

export function createRunBus(logger: Logger): RunBus {
  const listeners = new Map<RunBusEvent, Set<(...args: never[]) => unknown>>();
  return {
    emit(event, ...args) {
      for (const listener of listeners.get(event) ?? []) {
        try {
          const result = (listener as Listener<typeof event>)(...args);
          if (result instanceof Promise)
            result.catch((error: unknown) =>
              logger.error({ err: error, event }, "run event listener failed"),
            );
        } catch (error) {
          logger.error({ err: error, event }, "run event listener failed");
        }
      }
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (...args: never[]) => unknown);
      listeners.set(event, set);
      return () => set.delete(listener as (...args: never[]) => unknown);
    },
  };
}
