// A sampling loop that cannot overlap: the next tick is scheduled only after the previous one has finished.

export type SamplerOptions = {
  /** Read before every wait, so the interval can adapt (the engine samples faster above Yellow). */
  intervalMs: () => number;
  tick: () => Promise<void> | void;
  /** Told about a failed tick (or interval); the loop carries on. */
  onError: (error: unknown) => void;
};

export type Sampler = {
  /** Starts the loop; the first tick runs at once. Does nothing when already running. */
  start(): void;
  /** Stops scheduling; resolves once a tick in flight has finished (so callers can close what it uses). */
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Runs the next tick now rather than after the wait (after the tick in flight, if any); then the usual interval. */
  soon(): void;
};

const FALLBACK_INTERVAL_MS = 1_000;

/** A chained-setTimeout loop (not setInterval: a slow tick must delay the next, never run beside it). */
export function createSampler(options: SamplerOptions): Sampler {
  let running = false;
  // Each start() begins a new generation, so a tick from before a stop()/start() pair cannot reschedule itself.
  let generation = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  /** soon() was called while a tick was in flight: the next one follows at once. */
  let hurry = false;

  const report = (error: unknown) => {
    try {
      options.onError(error);
    } catch {
      // A failing error handler must not break the loop either.
    }
  };

  const nextDelay = (): number => {
    try {
      const ms = options.intervalMs();
      if (Number.isFinite(ms) && ms >= 0) return ms;
      report(new Error(`sampling interval must be a non-negative number of ms, got ${ms}`));
    } catch (error) {
      report(error);
    }
    return FALLBACK_INTERVAL_MS;
  };

  const runTick = async (): Promise<void> => {
    try {
      await options.tick();
    } catch (error) {
      report(error);
    }
  };

  const schedule = (gen: number, delay: number) => {
    timer = setTimeout(() => {
      timer = null;
      const current = runTick();
      inFlight = current;
      void current.then(() => {
        if (inFlight === current) inFlight = null;
        if (!running || gen !== generation) return;
        const delay = hurry ? 0 : nextDelay();
        hurry = false;
        schedule(gen, delay);
      });
    }, delay);
  };

  return {
    start() {
      if (running) return;
      running = true;
      generation += 1;
      const gen = generation;
      // Restarted while a tick from before stop() is still running: begin once it ends, never beside it.
      if (inFlight) {
        void inFlight.then(() => {
          if (running && gen === generation) schedule(gen, 0);
        });
      } else {
        schedule(gen, 0);
      }
    },
    async stop() {
      running = false;
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      await inFlight;
    },
    isRunning: () => running,
    soon() {
      if (!running) return;
      if (inFlight !== null) {
        hurry = true;
        return;
      }
      if (timer !== null) {
        clearTimeout(timer);
        schedule(generation, 0);
      }
    },
  };
}
