// A quality gate is a child of the server. A crash leaves its test running as an orphan whose verdict nobody can
// read any more; the gate then runs again, and the orphan must not run beside it (twice the load, and the same
// files, ports or test database). Each gate's processes carry a tag in their environment; what still carries it
// after a crash is ended, as a stop ends an agent: SIGTERM, then SIGKILL after a grace.
import { processesTagged } from "../monitor/tagged-processes";
import { GATE_TAG } from "./quality-gate";

export type EndedOrphans = {
  /** The tagged processes found. */
  pids: number[];
  /** Those still there after the grace, sent SIGKILL. */
  killed: number[];
};

/** Ends the processes left by the track's gate (none: nothing is done). */
export async function endOrphanedGate(
  trackId: string,
  graceMs = 2_000,
  procRoot = "/proc",
): Promise<EndedOrphans> {
  const found = new Set(processesTagged(GATE_TAG, trackId, procRoot));
  if (found.size === 0) return { pids: [], killed: [] };
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Ended meanwhile.
    }
  };
  for (const pid of found) signal(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  // Read again each time: what the orphan forks meanwhile carries the tag too.
  let left = [...found];
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = processesTagged(GATE_TAG, trackId, procRoot);
  }
  for (const pid of left) {
    found.add(pid);
    signal(pid, "SIGKILL");
  }
  return { pids: [...found].sort((a, b) => a - b), killed: left };
}
