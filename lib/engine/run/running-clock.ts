// The running time of a track's current attempt, pauses excluded: the clock runs from the attempt's start, stops
// at a pause and at the attempt's end, and goes on at a resume. Admission reads it to place the attempt on its memory
// profile; the summary's sequential figure is the successful attempt's running time.

export type RunningClock = {
  /** Running time before the current stretch. */
  accumulatedMs: number;
  /** Epoch ms since when the attempt runs without a pause; null while paused or ended. */
  since: number | null;
};

/** A clock of an attempt that has not started. */
export function idleClock(): RunningClock {
  return { accumulatedMs: 0, since: null };
}

/** A new attempt's clock, running from `at`. */
export function startClock(at: number): RunningClock {
  return { accumulatedMs: 0, since: at };
}

/** Stops the clock at `at` (a pause, or the attempt's end); a stopped clock stays as it is. */
export function stopClock(clock: RunningClock, at: number): void {
  if (clock.since === null) return;
  clock.accumulatedMs += Math.max(0, at - clock.since);
  clock.since = null;
}

/** Lets a stopped clock run again from `at` (a resume). */
export function resumeClock(clock: RunningClock, at: number): void {
  if (clock.since === null) clock.since = at;
}

/** The running time at `now`. */
export function runningMsOf(clock: RunningClock, now: number): number {
  return clock.accumulatedMs + (clock.since === null ? 0 : Math.max(0, now - clock.since));
}

/**
 * The running time at a past moment `at`, from the attempt's running stretches (start, end; end null while open):
 * what runningMsOf cannot tell once the clock has moved past a pause.
 */
export function runningMsAt(
  stretches: readonly { startedAt: number; endedAt: number | null }[],
  at: number,
): number {
  return stretches.reduce((sum, s) => sum + Math.max(0, Math.min(s.endedAt ?? at, at) - s.startedAt), 0);
}
