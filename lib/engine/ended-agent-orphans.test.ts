// Orphans of ended agents in a made-up /proc: the database is opened only when a process could be one, a live owner
// file means a server runs, and the warning names a few and kills none. (bin/commands/check-orphans.test.ts runs
// the whole thing on a real orphan.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { readProcStat } from "../monitor/process-tree";
import {
  databaseServer,
  describeEndedAgentOrphans,
  type EndedAgentOrphan,
  findEndedAgentOrphans,
  liveDatabaseOwner,
} from "./ended-agent-orphans";

let proc = "";
beforeEach(() => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
});
afterEach(() => {
  rmSync(proc, { recursive: true, force: true });
});

/** A process in the made-up /proc: stat fields 3..24, the rest zero. */
function processAt(pid: number, ppid: number, pgid: number, startTicks = 1000) {
  mkdirSync(path.join(proc, String(pid)), { recursive: true });
  const fields = Array.from({ length: 22 }, () => "0");
  fields[0] = "S";
  fields[1] = String(ppid);
  fields[2] = String(pgid);
  fields[3] = String(pgid);
  fields[19] = String(startTicks);
  writeFileSync(path.join(proc, String(pid), "stat"), `${pid} (node) ${fields.join(" ")}\n`);
}

it("opens the database only when a live process sits in a group whose leader is gone", async () => {
  processAt(1, 0, 1);
  processAt(200, 1, 200);
  processAt(201, 200, 200); // its leader 200 lives
  let opened = 0;
  const openDb = async () => {
    opened++;
    return null;
  };
  expect(await findEndedAgentOrphans(openDb, "/data", proc)).toEqual([]);
  expect(opened).toBe(0);
  processAt(301, 1, 300); // leader 300 is gone: an orphan, maybe
  expect(await findEndedAgentOrphans(openDb, "/data", proc)).toEqual([]); // no database: no ended agent
  expect(opened).toBe(1);
});

it("takes a SQLite database for owned while its owner file names a live process with its start time", () => {
  // The owner check is owner-lock.ts's, on the real /proc: this test's own process plays the server.
  const dataDir = path.join(proc, "data");
  mkdirSync(dataDir);
  const url = `file:${dataDir}/paratrack.db`;
  expect(liveDatabaseOwner(url, dataDir)).toBeNull(); // no owner file
  const ticks = readProcStat(process.pid)!.startTicks;
  writeFileSync(`${dataDir}/paratrack.db.owner`, `${process.pid} ${ticks}\n`);
  expect(liveDatabaseOwner(url, dataDir)).toBe(process.pid);
  writeFileSync(`${dataDir}/paratrack.db.owner`, `${process.pid} ${ticks + 1}\n`); // the pid was reused since
  expect(liveDatabaseOwner(url, dataDir)).toBeNull();
  expect(liveDatabaseOwner("postgresql://db/paratrack", dataDir)).toBeUndefined();
});

it("says who ends orphans: the next start with no server, but not a server on another machine", () => {
  const orphan: EndedAgentOrphan = {
    pid: 7,
    trackKey: "F",
    agent: "coder",
    attempt: 1,
    command: "sleep 600",
  };
  const [none] = describeEndedAgentOrphans([orphan], { kind: "none" });
  expect(none?.message).toContain("No Paratrack server runs on this database: the next start of one");
  const [elsewhere] = describeEndedAgentOrphans([orphan], {
    kind: "elsewhere",
    name: "paratrack-engine pid 12 on host-b",
  });
  expect(elsewhere?.message).toContain(
    "runs on another machine (paratrack-engine pid 12 on host-b) and does not watch this one's processes: end them here; or end them now: kill 7",
  );
});

it("asks PostgreSQL who holds it, and says so when it cannot be reached", async () => {
  // Port 1 refuses at once: the check must neither hang nor take this for "no server".
  const server = await databaseServer("postgresql://paratrack@127.0.0.1:1/paratrack", proc);
  expect(server.kind).toBe("unknown");
  expect(server.kind === "unknown" && server.reason).toMatch(/ECONNREFUSED|connect/);
  const dataDir = path.join(proc, "sqlite");
  mkdirSync(dataDir);
  expect(await databaseServer(`file:${dataDir}/paratrack.db`, dataDir)).toEqual({ kind: "none" });
});

it("names ten orphans, counts the rest, and gives every pid to kill", () => {
  const orphans: EndedAgentOrphan[] = Array.from({ length: 12 }, (_, i) => ({
    pid: 1000 + i,
    trackKey: "F",
    agent: "coder",
    attempt: 2,
    command: i === 0 ? `node ${"x".repeat(200)}` : "sleep 600",
  }));
  expect(describeEndedAgentOrphans([], { kind: "none" })).toEqual([]);
  const [result] = describeEndedAgentOrphans(orphans, { kind: "unknown", reason: "timeout" });
  expect(result).toMatchObject({ check: "agents", track: null, ok: false, severity: "warning" });
  expect(result?.message).toMatch(/^12 process\(es\) of agents that had ended still run/);
  expect(result?.message).toContain("pid 1001 (track F, agent coder attempt 2: sleep 600)");
  expect(result?.message).toContain("pid 1009 (");
  expect(result?.message).not.toContain("pid 1010 (");
  expect(result?.message).toContain(" and 2 more.");
  expect(result?.message).toContain(`node ${"x".repeat(74)}…)`);
  expect(result?.message).toContain("The next start of a Paratrack server on this database ends them");
  const all = orphans.map((o) => o.pid).join(" ");
  expect(result?.message).toContain(`kill ${all}, then kill -KILL ${all}`);
});
