import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { readProcStat } from "../monitor/process-tree";
import { checkSameProcess, isSameProcess, readProcessIdentity } from "./identity";

describe("checkSameProcess", () => {
  it("matches this process by pid, start time, group and session", () => {
    const self = readProcessIdentity(process.pid)!;
    expect(self.startTicks).toBe(readProcStat(process.pid)!.startTicks);
    expect(checkSameProcess(self)).toEqual({ same: true });
    expect(isSameProcess({ pid: self.pid, startTicks: self.startTicks })).toBe(true);
  });

  it("says why a record does not match", () => {
    const self = readProcessIdentity(process.pid)!;
    expect(checkSameProcess({ ...self, startTicks: self.startTicks + 1 })).toEqual({
      same: false,
      reason: `pid ${self.pid} now belongs to another process (start time differs)`,
    });
    expect(checkSameProcess({ ...self, sid: self.sid + 1 }).same).toBe(false);
    expect(checkSameProcess({ ...self, pgid: self.pgid + 1 }).same).toBe(false);
    expect(checkSameProcess({ pid: 999_999, startTicks: 1 })).toEqual({
      same: false,
      reason: "pid 999999 is gone",
    });
  });

  it("counts a zombie as ended", async () => {
    const child = spawn("true", { stdio: "ignore" });
    // Read its stat before Node reaps it: keep the event loop busy so the exit is not collected yet.
    const deadline = Date.now() + 2000;
    let zombie: ReturnType<typeof readProcessIdentity> = null;
    while (Date.now() < deadline) {
      zombie = readProcessIdentity(child.pid!);
      if (zombie?.state === "Z") break;
    }
    expect(zombie?.state).toBe("Z");
    expect(checkSameProcess(zombie!)).toEqual({
      same: false,
      reason: `pid ${child.pid} has exited (zombie)`,
    });
    await new Promise((resolve) => child.once("exit", resolve));
  });
});
