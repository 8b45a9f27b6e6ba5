// Finding live shims by the log their command line names, in a made-up /proc.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { findShimsServing } from "./served-logs";

let proc = "";
afterEach(() => {
  if (proc) rmSync(proc, { recursive: true, force: true });
});

function processWith(pid: number | string, argv: string[], ppid?: number) {
  mkdirSync(path.join(proc, String(pid)), { recursive: true });
  writeFileSync(path.join(proc, String(pid), "cmdline"), `${argv.join("\0")}\0`);
  // stat's fields 3 to 24 (state, ppid, pgid, sid, …, start time, rss): only the ppid matters here.
  if (ppid !== undefined)
    writeFileSync(
      path.join(proc, String(pid), "stat"),
      `${pid} (paratrack-shim) S ${ppid} ${pid} ${pid} ${Array(18).fill(0).join(" ")}`,
    );
}

it("finds shims whose --log lies under the directory, fresh or taking over, lowest pid first", () => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
  const shim = "/opt/pt/native/shim/build/paratrack-shim";
  processWith(300, [
    shim,
    "--log",
    "/data/logs/r1/a/a-x-1.log",
    "--exit-file",
    "/data/logs/r1/a/a-x-1.log.exit.json",
    "--",
    "sleep 9",
  ]);
  processWith(200, [
    shim,
    "--log",
    "/data/logs/r1/b/b-x-1.log",
    "--exit-file",
    "e",
    "--attach",
    "7",
    "--attach-start-ticks",
    "1",
  ]);
  // Another data directory (a prefix of the name is not enough), another program naming the path, no --log.
  processWith(400, [shim, "--log", "/data/logs-old/r/a.log", "--exit-file", "e", "--", "x"]);
  processWith(500, ["tail", "-f", "/data/logs/r1/a/a-x-1.log"]);
  processWith(600, [shim, "--exit-file", "/data/logs/r1/c.exit", "--", "x"]);
  processWith("self", [shim, "--log", "/data/logs/r1/a/a-x-1.log"]);
  expect(findShimsServing("/data/logs", proc)).toEqual([
    { shimPid: 200, logPath: "/data/logs/r1/b/b-x-1.log" },
    { shimPid: 300, logPath: "/data/logs/r1/a/a-x-1.log" },
  ]);
  expect(findShimsServing("/data/logs", path.join(proc, "missing"))).toEqual([]);
});

it("leaves out a shim's child that has not exec'd yet (it shows the shim's command line for a moment)", () => {
  proc = mkdtempSync(path.join(os.tmpdir(), "paratrack-proc-"));
  const argv = [
    "/opt/pt/paratrack-shim",
    "--log",
    "/data/logs/r1/a/a-x-1.log",
    "--exit-file",
    "e",
    "--",
    "x",
  ];
  processWith(300, argv, 1);
  processWith(301, argv, 300); // the keeper before its exec
  processWith(302, argv, 301); // the agent before the keeper's exec
  // The agent of another shim before its own exec, its parent already the keeper (no --log on its command line).
  processWith(320, argv, 1);
  processWith(321, ["/opt/pt/paratrack-shim", "--keeper", "322", "--exit-file", "e"], 320);
  processWith(322, argv, 321);
  // A shim of another log whose parent is a shim (a takeover started by one) is a shim of its own.
  processWith(310, ["/opt/pt/paratrack-shim", "--log", "/data/logs/r1/b/b-x-1.log", "--exit-file", "e"], 300);
  expect(findShimsServing("/data/logs", proc)).toEqual([
    { shimPid: 300, logPath: "/data/logs/r1/a/a-x-1.log" },
    { shimPid: 310, logPath: "/data/logs/r1/b/b-x-1.log" },
    { shimPid: 320, logPath: "/data/logs/r1/a/a-x-1.log" },
  ]);
});
