// An agent's process tree and the signals sent to it. The tree is: the leader, its descendants by parent pid, the
// members of its process group, the shim's other children (orphans reparented to it: the shim is a subreaper) and
// descendants seen earlier that have since been reparented (remembered with their start time). Every pid is
// checked against its start time, so a recycled pid is never taken for a member; the shim itself is never in it.

import {
  collectTree,
  isDeadState,
  isHeldByStoppedVforkChild,
  isStoppedState,
  type ProcSnapshot,
  readProcSnapshot,
} from "../monitor/process-tree";
import type { SignalCheck } from "./agent-types";
import type { AgentIdentity } from "./identity";
import { type SendOutcome, sendGroupSignal, sendSignal } from "./signals";

const VERIFY_WINDOW_MS = 500;
const VERIFY_POLL_MS = 20;
const STOP_POLL_MS = 50;
const KILL_WAIT_MS = 5_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type TreeControl = {
  /** The tree within a snapshot; also remembers its members for later. */
  collect(snapshot: ProcSnapshot): number[];
  /** collect() without zombies. */
  liveMembers(snapshot: ProcSnapshot): number[];
  scan(): ProcSnapshot;
  /** Sends SIGSTOP or SIGCONT to every member and checks in /proc that each reached the wanted state. */
  verifySignal(signal: "SIGSTOP" | "SIGCONT", isStopping: () => boolean): Promise<SignalCheck>;
  /** SIGTERM, SIGCONT, then SIGKILL after the grace, until the leader has ended and nothing of the tree lives. */
  terminate(graceMs: number): Promise<{ killed: boolean; killedPids: number[] }>;
};

/** leaderEnded: true once the leader's exit is known (the tree is then gone when no member is alive). */
export function createTreeControl(
  identity: AgentIdentity | null,
  procRoot: string,
  leaderEnded: () => boolean,
): TreeControl {
  const known = new Map<number, number>(); // pid → start ticks of tree members seen so far

  const matches = (snapshot: ProcSnapshot, pid: number, startTicks: number) =>
    snapshot.get(pid)?.startTicks === startTicks;

  // The group is ours while its id is held by our leader, or by nobody: the kernel does not hand out a pid that
  // is still some process's group id, so a process whose pid equals our group id and is not our leader is a
  // stranger that started a group of its own with a recycled number.
  const groupIsOurs = (snapshot: ProcSnapshot) =>
    identity !== null &&
    identity.pgid > 1 &&
    (!snapshot.has(identity.pgid) ||
      (identity.pgid === identity.pid && matches(snapshot, identity.pid, identity.startTicks)));

  const collect = (snapshot: ProcSnapshot): number[] => {
    if (identity === null) return [];
    const leaderAlive = matches(snapshot, identity.pid, identity.startTicks);
    const extra: number[] = [];
    for (const [member, startTicks] of known) {
      if (matches(snapshot, member, startTicks)) extra.push(member);
      else known.delete(member);
    }
    if (matches(snapshot, identity.shimPid, identity.shimStartTicks)) {
      for (const entry of snapshot.values()) if (entry.ppid === identity.shimPid) extra.push(entry.pid);
    }
    const pids = collectTree(
      snapshot,
      leaderAlive ? identity.pid : -1,
      groupIsOurs(snapshot) ? identity.pgid : null,
      extra,
    ).filter((pid) => pid !== identity.shimPid);
    for (const member of pids) known.set(member, snapshot.get(member)!.startTicks);
    return pids;
  };
  const scan = () => readProcSnapshot(procRoot, { detailPids: () => [] });
  const liveMembers = (snapshot: ProcSnapshot) =>
    collect(snapshot).filter((member) => !isDeadState(snapshot.get(member)?.state ?? "X"));

  /** Signals the group once and each member outside it; returns the per-pid outcomes. */
  const signalMembers = (snapshot: ProcSnapshot, members: number[], signal: NodeJS.Signals) => {
    const outcomes = new Map<number, SendOutcome>();
    const trusted = groupIsOurs(snapshot);
    if (trusted) sendGroupSignal(identity!.pgid, signal);
    for (const member of members) {
      const inGroup = trusted && snapshot.get(member)?.pgid === identity!.pgid;
      // Members of the group got the group signal; a direct kill tells whether each one still exists.
      outcomes.set(member, sendSignal(member, inGroup ? 0 : signal));
    }
    return outcomes;
  };

  const verifySignal = async (
    signal: "SIGSTOP" | "SIGCONT",
    isStopping: () => boolean,
  ): Promise<SignalCheck> => {
    const isWanted = (state: string) =>
      signal === "SIGSTOP" ? isStoppedState(state) : state !== "T" && state !== "t";
    const check: SignalCheck = {
      signal,
      outcome: "signalled",
      pids: [],
      gone: [],
      unchanged: [],
      errors: [],
      ok: true,
    };
    let snapshot = scan();
    const members = liveMembers(snapshot);
    if (members.length === 0) return { ...check, outcome: "exited" };
    if (isStopping() && signal === "SIGSTOP") return { ...check, outcome: "stopping", ok: false };
    const gone = new Set<number>();
    const errors = new Map<number, string>();
    const record = (outcomes: Map<number, SendOutcome>) => {
      for (const [member, result] of outcomes) {
        if (result.outcome === "gone") gone.add(member);
        if (result.outcome === "error") errors.set(member, result.code);
      }
    };
    record(signalMembers(snapshot, members, signal));
    const signalled = new Set(members);

    const deadline = Date.now() + VERIFY_WINDOW_MS;
    let pending: Array<{ pid: number; state: string }> = [];
    for (;;) {
      snapshot = scan();
      const current = liveMembers(snapshot);
      for (const member of signalled) if (!current.includes(member)) gone.add(member);
      pending = current
        .filter(
          (member) =>
            !errors.has(member) &&
            !isWanted(snapshot.get(member)!.state) &&
            !(signal === "SIGSTOP" && isHeldByStoppedVforkChild(member, snapshot, procRoot)),
        )
        .map((member) => ({ pid: member, state: snapshot.get(member)!.state }));
      if (pending.length === 0 || Date.now() >= deadline) break;
      if (isStopping() && signal === "SIGSTOP") break; // never re-stop what stop() is continuing
      // Re-signal stragglers, including processes forked after the first signal.
      const stragglers = pending.map((entry) => entry.pid);
      for (const member of stragglers) signalled.add(member);
      const outcomes = new Map<number, SendOutcome>();
      for (const member of stragglers) outcomes.set(member, sendSignal(member, signal));
      record(outcomes);
      await sleep(VERIFY_POLL_MS);
    }
    return {
      ...check,
      pids: [...signalled].sort((a, b) => a - b),
      gone: [...gone].sort((a, b) => a - b),
      unchanged: pending,
      errors: [...errors].map(([member, code]) => ({ pid: member, code })),
      ok: pending.length === 0 && errors.size === 0,
    };
  };

  /** Sends a signal to everything of the tree that is alive; returns the pids signalled. */
  const signalTree = (signal: NodeJS.Signals): number[] => {
    const snapshot = scan();
    const members = liveMembers(snapshot);
    if (members.length > 0) signalMembers(snapshot, members, signal);
    return members;
  };

  /** Polls until the leader's end is known and nothing of the tree is alive, or the time is up; true when all gone. */
  const waitForTreeGone = async (timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (leaderEnded() && liveMembers(scan()).length === 0) return true;
      if (Date.now() >= deadline) return false;
      await sleep(STOP_POLL_MS);
    }
  };

  const terminate = async (graceMs: number): Promise<{ killed: boolean; killedPids: number[] }> => {
    // SIGTERM first, then SIGCONT so that a paused process runs and can act on the pending SIGTERM.
    signalTree("SIGTERM");
    signalTree("SIGCONT");
    if (await waitForTreeGone(graceMs)) return { killed: false, killedPids: [] };
    const killedPids = new Set<number>();
    const deadline = Date.now() + KILL_WAIT_MS;
    do {
      for (const member of signalTree("SIGKILL")) killedPids.add(member);
    } while (!(await waitForTreeGone(200)) && Date.now() < deadline);
    return { killed: true, killedPids: [...killedPids].sort((a, b) => a - b) };
  };

  return { collect, liveMembers, scan, verifySignal, terminate };
}
