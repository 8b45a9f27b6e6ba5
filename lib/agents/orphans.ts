// Processes of an agent that had already ended: a server killed during an agent's grace (a stop, a requeue, a
// restart) never sends the SIGKILL, so a child that ignores SIGTERM outlives its leader, reparented to init but
// still in the agent's process group. The next start finds such orphans through the agent's recorded identity and
// ends them, so they cannot run on beside the track's next attempt.
import type { ProcSnapshot } from "../monitor/process-tree";
import { createTreeControl } from "./agent-tree";
import type { AgentIdentity } from "./identity";

/**
 * The live members of an ended agent's tree in a snapshot: its process group (while no stranger leads a group of
 * that number), its shim's children while the shim lives. Only processes that started after the agent did: a
 * descendant cannot be older than its leader.
 */
export function findOrphans(identity: AgentIdentity, snapshot: ProcSnapshot, procRoot = "/proc"): number[] {
  const tree = createTreeControl(identity, procRoot, () => true);
  return tree
    .liveMembers(snapshot)
    .filter((pid) => (snapshot.get(pid)?.startTicks ?? -1) >= identity.startTicks);
}

/** Ends an ended agent's orphans: SIGTERM, SIGCONT, then SIGKILL after the grace to whatever is left. */
export async function endOrphans(
  identity: AgentIdentity,
  graceMs: number,
  procRoot = "/proc",
): Promise<{ killed: boolean; killedPids: number[] }> {
  return createTreeControl(identity, procRoot, () => true).terminate(graceMs);
}
