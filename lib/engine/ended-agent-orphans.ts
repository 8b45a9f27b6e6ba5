// Processes of agents the database knows have ended that still run: a server killed during an agent's grace (a stop,
// a requeue, a restart) never sent the SIGKILL, so a child that ignores SIGTERM outlived its leader. The next server
// start ends them (run/orphan-sweep.ts); until then they run unwatched, so `paratrack check` names them, while no
// server runs, with what to do. Finding only: nothing here signals a process.
import { readFileSync } from "node:fs";
import path from "node:path";
import { findShimsServing } from "../agents/served-logs";
import { listRunAgents } from "../db/agents";
import { latestRun, listUnfinishedRuns, type StoredRun } from "../db/runs";
import { listTracks } from "../db/tracks";
import { failed, type PreflightResult } from "../domain/plan/preflight";
import { describeProcesses, isDeadState, type ProcSnapshot, readProcSnapshot } from "../monitor/process-tree";
import { liveOwnerPid } from "./owner-lock";
import { findOrphansOfEndedAgents } from "./run/orphan-sweep";
import type { OpenDatabase } from "./unknown-agents";

/** One live process of an ended agent. */
export type EndedAgentOrphan = {
  pid: number;
  trackKey: string;
  agent: string;
  attempt: number;
  /** Its command line as /proc shows it now. */
  command: string;
};

/** How many orphans a check names one by one; the rest are counted (the kill names them all). */
const ORPHANS_NAMED = 10;
const COMMAND_SHOWN = 80;

/**
 * The live orphans of the ended agents of the run the next server start takes over (the newest run left running,
 * else the newest run), the one whose orphans that start ends. The database is opened only when a process could be
 * one: some live process sits in a group whose leader is gone (as an orphan does), or a shim of this data
 * directory runs (an orphan may be its child).
 */
export async function findEndedAgentOrphans(
  openDb: OpenDatabase,
  dataDir: string,
  procRoot = "/proc",
): Promise<EndedAgentOrphan[]> {
  const snapshot = readProcSnapshot(procRoot, { detailPids: () => [] });
  if (!hasLeaderlessGroup(snapshot) && findShimsServing(path.resolve(dataDir, "logs"), procRoot).length === 0)
    return [];
  const db = await openDb();
  if (db === null) return [];
  const run = await runTakenOverAtStart(
    () => listUnfinishedRuns(db),
    () => latestRun(db),
  );
  if (run === null) return [];
  const [tracks, agents] = await Promise.all([listTracks(db, run.id), listRunAgents(db, run.id)]);
  // Tracks as the sweep sees them: those of the stored plan, a Slurm track's pids being another machine's.
  const keyOf = new Map(tracks.map((track) => [track.id, track.key]));
  const isLocalTrack = (trackId: string) => {
    const planned = run.plan.tracks.find((track) => track.key === keyOf.get(trackId));
    return planned !== undefined && planned.executor?.kind !== "slurm";
  };
  const seen = new Set<number>();
  const found: EndedAgentOrphan[] = [];
  for (const { agent, pids } of findOrphansOfEndedAgents(agents, snapshot, isLocalTrack)) {
    for (const described of describeProcesses(
      pids.filter((pid) => !seen.has(pid)),
      procRoot,
    )) {
      seen.add(described.pid);
      found.push({
        pid: described.pid,
        trackKey: keyOf.get(agent.trackId) ?? agent.trackId,
        agent: agent.name,
        attempt: agent.attempt,
        command: described.command,
      });
    }
  }
  return found.sort((a, b) => a.pid - b.pid);
}

/**
 * As recovery chooses: the newest run left running (a stored plan without tracks is ended, not taken over);
 * with none, the newest run, which becomes the server's run again.
 */
async function runTakenOverAtStart(
  unfinished: () => Promise<StoredRun[]>,
  latest: () => Promise<StoredRun | null>,
): Promise<StoredRun | null> {
  const [newest] = (await unfinished()).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  if (newest) return newest.plan.tracks.length === 0 ? null : newest;
  const run = await latest();
  return run === null || run.plan.tracks.length === 0 ? null : run;
}

/** A live process whose process group's leader is gone: what an agent's child left behind by its leader is. */
function hasLeaderlessGroup(snapshot: ProcSnapshot): boolean {
  for (const entry of snapshot.values()) {
    if (entry.pgid !== entry.pid && !snapshot.has(entry.pgid) && !isDeadState(entry.state)) return true;
  }
  return false;
}

/**
 * The pid of the live Paratrack process that owns a SQLite database (its owner file, see owner-lock.ts); null when
 * none does. PostgreSQL's owner is an advisory lock, possibly held from another machine: see databaseServer.
 */
export function liveDatabaseOwner(databaseUrl: string, dataDir: string): number | null | undefined {
  return databaseUrl.startsWith("file:") ? liveOwnerPid(databaseUrl, dataDir) : undefined;
}

/**
 * Whether a Paratrack server runs on the database: "here" (on this machine, its start ended this machine's
 * orphans), "elsewhere" (PostgreSQL held from another machine, which does not watch this one's processes),
 * "none", or "unknown" (PostgreSQL could not be asked).
 */
export type DatabaseServer =
  | { kind: "here"; pid: number }
  | { kind: "elsewhere"; name: string }
  | { kind: "none" }
  | { kind: "unknown"; reason: string };

export async function databaseServer(
  databaseUrl: string,
  dataDir: string,
  procRoot = "/proc",
): Promise<DatabaseServer> {
  const sqliteOwner = liveDatabaseOwner(databaseUrl, dataDir);
  if (typeof sqliteOwner === "number") return { kind: "here", pid: sqliteOwner };
  if (sqliteOwner === null) return { kind: "none" };
  try {
    const { findPostgresOwner } = await import("../db/postgres-owner-lock");
    const owner = await findPostgresOwner(databaseUrl);
    if (owner === null) return { kind: "none" };
    // Named after this host, but is it a live Paratrack here? (A truncated host name shared with another machine,
    // or a session the database has not yet dropped for an engine that died.)
    if (owner.pidHere !== null && isParatrackProcess(owner.pidHere, procRoot))
      return { kind: "here", pid: owner.pidHere };
    return { kind: "elsewhere", name: owner.name };
  } catch (error) {
    return { kind: "unknown", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A live process whose command line is a Paratrack server's or CLI's. */
function isParatrackProcess(pid: number, procRoot: string): boolean {
  try {
    const cmdline = readFileSync(path.join(procRoot, String(pid), "cmdline"), "utf8");
    return /server\.ts|paratrack/.test(cmdline);
  } catch {
    return false;
  }
}

/**
 * `paratrack check`'s look at orphans of ended agents: a warning naming them and what to do, nothing while a server
 * runs on the database from this machine (its start ended them; its stops end theirs), an info when they could not
 * be looked for.
 */
export async function checkEndedAgentOrphans(
  openDb: OpenDatabase,
  databaseUrl: string,
  dataDir: string,
  procRoot = "/proc",
): Promise<PreflightResult[]> {
  // SQLite's owner file is read first (cheap, and a server's database is then not opened at all); PostgreSQL is
  // asked only once there is something to say.
  if (typeof liveDatabaseOwner(databaseUrl, dataDir) === "number") return [];
  let orphans: EndedAgentOrphan[];
  try {
    orphans = await findEndedAgentOrphans(openDb, dataDir, procRoot);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [failed("agents", null, `processes of ended agents not looked for: ${reason}`, "info")];
  }
  if (orphans.length === 0) return [];
  const owner = await databaseServer(databaseUrl, dataDir, procRoot);
  if (owner.kind === "here") return [];
  return describeEndedAgentOrphans(orphans, owner);
}

/** What the lead can count on to end them, by what runs on the database. */
function whoEndsThem(server: Exclude<DatabaseServer, { kind: "here" }>): string {
  switch (server.kind) {
    case "none":
      return "No Paratrack server runs on this database: the next start of one (npm start, paratrack run) ends them";
    case "elsewhere":
      return (
        `The Paratrack server holding this database runs on another machine (${server.name}) and does not watch ` +
        "this one's processes: end them here"
      );
    case "unknown":
      return "The next start of a Paratrack server on this database ends them";
  }
}

/** One warning for all of them, with who ends them (see DatabaseServer). */
export function describeEndedAgentOrphans(
  orphans: readonly EndedAgentOrphan[],
  server: Exclude<DatabaseServer, { kind: "here" }>,
): PreflightResult[] {
  if (orphans.length === 0) return [];
  const shorten = (command: string) =>
    command.length > COMMAND_SHOWN ? `${command.slice(0, COMMAND_SHOWN - 1)}…` : command;
  const named = orphans
    .slice(0, ORPHANS_NAMED)
    .map(
      (o) =>
        `pid ${o.pid} (track ${o.trackKey}, agent ${o.agent} attempt ${o.attempt}: ${shorten(o.command)})`,
    );
  const more = orphans.length > ORPHANS_NAMED ? ` and ${orphans.length - ORPHANS_NAMED} more` : "";
  const start = whoEndsThem(server);
  const pids = orphans.map((o) => o.pid).join(" ");
  return [
    failed(
      "agents",
      null,
      `${orphans.length} process(es) of agents that had ended still run (a Paratrack server stopped during their ` +
        `grace, before its SIGKILL), unwatched: ${named.join(", ")}${more}. ${start}; or end them now: ` +
        `kill ${pids}, then kill -KILL ${pids} for those still there (they ignored a SIGTERM before)`,
      "warning",
    ),
  ];
}
