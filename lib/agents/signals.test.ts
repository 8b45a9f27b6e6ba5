import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { describeExit, sendGroupSignal, sendSignal } from "./signals";

describe("sendSignal", () => {
  it("says gone, not throws, for a process that has exited", () => {
    const { pid } = spawnSync("true");
    expect(pid).toBeGreaterThan(0);
    expect(sendSignal(pid!, "SIGTERM")).toEqual({ outcome: "gone" });
    expect(sendGroupSignal(pid!, "SIGCONT")).toEqual({ outcome: "gone" });
  });

  it("probes a live process with signal 0", () => {
    expect(sendSignal(process.pid, 0)).toEqual({ outcome: "sent" });
  });

  it("refuses group ids that would reach every process", () => {
    expect(sendGroupSignal(1, "SIGKILL")).toEqual({ outcome: "error", code: "EINVAL" });
    expect(sendGroupSignal(0, "SIGKILL")).toEqual({ outcome: "error", code: "EINVAL" });
  });
});

describe("describeExit", () => {
  it.each([
    [0, null, "agent exited with code 0"],
    [3, null, "agent exited with code 3"],
    [127, null, "command exited 127: command not found (check the agent's command and PATH)"],
    [126, null, "command exited 126: command found but could not be executed (permissions?)"],
    [137, null, "command exited 137 (128 + SIGKILL: a process of the agent was killed by SIGKILL)"],
    [null, "SIGTERM", "agent was killed by SIGTERM"],
    [null, null, "agent ended without an exit status"],
  ] as const)("%s / %s", (code, signal, message) => {
    expect(describeExit(code, signal)).toBe(message);
  });
});
