// One throttled refetch for queries that many pushes make stale (the Gantt, phases, metrics, retrospective).

export type ThrottledInvalidator = {
  /** Asks for a refetch: at once when none ran for `gapMs`, else once at the end of the gap. */
  invalidate(): void;
  cancel(): void;
};

/**
 * Calls `refetch` at most once per `gapMs`, leading and trailing: a burst of pushes costs one or two refetches
 * and the last change is never missed.
 */
export function createThrottledInvalidator(refetch: () => void, gapMs: number): ThrottledInvalidator {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = () => {
    last = Date.now();
    timer = null;
    refetch();
  };
  return {
    invalidate() {
      if (timer) return;
      const wait = last + gapMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
