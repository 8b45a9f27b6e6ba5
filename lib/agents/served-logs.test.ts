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

function processWith(pid: number | string, argv: string[]) {
  mkdirSync(path.join(proc, String(pid)), { recursive: true });
  writeFileSync(path.join(proc, String(pid), "cmdline"), `${argv.join("\0")}\0`);
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
