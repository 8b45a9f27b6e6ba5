// Words for the one-letter process states of /proc/<pid>/stat, so "T" reads as "T (stopped)".

const STATE_WORDS: Record<string, string> = {
  R: "running",
  S: "sleeping",
  D: "waiting on I/O",
  Z: "zombie",
  T: "stopped",
  t: "stopped by tracer",
  X: "dead",
  x: "dead",
  K: "wakekill",
  W: "waking",
  P: "parked",
  I: "idle",
};

/** "T (stopped)", "S (sleeping)"; an unknown letter is shown as it is. */
export function describeProcessState(state: string): string {
  const word = STATE_WORDS[state];
  if (word) return `${state} (${word})`;
  return state === "" ? "unknown" : state;
}

/** Whether the kernel holds the process stopped (a paused track's processes are all in this state). */
export function isStoppedState(state: string): boolean {
  return state === "T" || state === "t";
}
