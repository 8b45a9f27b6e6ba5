// The agents check in a made-up /proc: the database is opened only when a shim serves a log of the data directory,
// no database means every such agent is unknown, and a database that cannot be read is said, not thrown.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { checkDataDirAgents, findUnknownAgents } from "./unknown-agents";

let proc = "";
afterEach(() => {
  if (proc) rmSync(proc, { recursive: true, force: true });
});

function shimServing(pid: number, logPath: string) {
  mkdirSync(path.join(proc, String(pid)), { recursive: true });
  const argv = ["/opt/pt/paratrack-shim", "--log", logPath, "--exit-file", `${logPath}.exit.json`, "--", "x"];
  writeFileSync(path.join(proc, String(pid), "cmdline"), `${argv.join("\0")}\0`);
}

it("opens the database only when an agent of the data directory runs", async () => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
  shimServing(300, "/other/logs/r/a.log");
  let opened = 0;
  const openDb = async () => {
    opened++;
    return null;
  };
  expect(await findUnknownAgents(openDb, "/data", proc)).toEqual([]);
  expect(await checkDataDirAgents(openDb, "/data", proc)).toEqual([]);
  expect(opened).toBe(0);
});

it("takes every agent for unknown when there is no database", async () => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
  shimServing(300, "/data/logs/r/a.log");
  shimServing(200, "/data/logs/r/b.log");
  expect(await findUnknownAgents(async () => null, "/data", proc)).toEqual([
    { shimPid: 200, logPath: "/data/logs/r/b.log" },
    { shimPid: 300, logPath: "/data/logs/r/a.log" },
  ]);
  const [result] = await checkDataDirAgents(async () => null, "/data", proc);
  expect(result).toMatchObject({ check: "agents", ok: false, severity: "warning" });
  expect(result?.message).toMatch(/^2 agent\(s\) run from this data directory without a record/);
});

it("says why agents were not checked when the database cannot be opened", async () => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
  shimServing(300, "/data/logs/r/a.log");
  const broken = async () => {
    throw new Error("cannot open the SQLite database /data/paratrack.db: file is not a database");
  };
  expect(await checkDataDirAgents(broken, "/data", proc)).toEqual([
    {
      check: "agents",
      track: null,
      ok: false,
      severity: "info",
      message:
        "agents of this data directory not checked: cannot open the SQLite database /data/paratrack.db: file is not a database",
    },
  ]);
});
