// A quality gate (a track's test, the integration's) is a child of the server. A crash leaves its test running as an
// orphan whose verdict nobody can read any more; the gate then runs again, and the orphan must not run beside it
// (twice the load, and the same files, ports or test database). Each gate's processes carry a tag in their
// environment; what still carries it after a crash is ended, as a stop ends an agent: SIGTERM, then SIGKILL after
// a grace.
import { processesTagged } from "../monitor/tagged-processes";
import { GATE_TAG } from "./quality-gate";

export type EndedOrphans = {
  /** The tagged processes found. */
  pids: number[];
  /** Those still there after the grace, sent SIGKILL. */
  killed: number[];
};

/** The tag of a track's gate. */
export const trackGateTag = (trackId: string) => `track-${trackId}`;
/** The tag of an integration's test. */
export const integrationGateTag = (integrationId: number) => `integration-${integrationId}`;

/** Ends the processes that carry the gate's tag (none: nothing is done), and returns once they are gone. */
export async function endOrphanedGate(
  tag: string,
  graceMs = 2_000,
  procRoot = "/proc",
): Promise<EndedOrphans> {
  const found = new Set(processesTagged(GATE_TAG, tag, procRoot));
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
    left = processesTagged(GATE_TAG, tag, procRoot);
  }
  for (const pid of left) {
    found.add(pid);
    signal(pid, "SIGKILL");
  }
  // SIGKILL takes a moment too: gone when this returns (a caller looks for other processes next).
  for (let i = 0; i < 20 && processesTagged(GATE_TAG, tag, procRoot).length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  return { pids: [...found].sort((a, b) => a - b), killed: left };
}

/** How they were ended, for the events: "pid 12, 13 ended with SIGTERM (13 with SIGKILL after the grace)". */
export function describeEnded(orphans: EndedOrphans): string {
  const killed =
    orphans.killed.length > 0 ? ` (${orphans.killed.join(", ")} with SIGKILL after the grace)` : "";
  return `pid ${orphans.pids.join(", ")} ended with SIGTERM${killed}`;
}
