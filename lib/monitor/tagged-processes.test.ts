// A real process started with a tag in its environment is found by it (its children too), not by another value or
// by a longer name that ends the same; none is found once it has ended.
import { spawn } from "node:child_process";
import { expect, it } from "vitest";
import { processesTagged } from "./tagged-processes";

it("finds a process and its child by the variable they were started with, and no longer once they have ended", async () => {
  const value = `tag-${process.pid}-${Date.now()}`;
  const child = spawn("/bin/sh", ["-c", "sleep 30 & wait"], {
    env: { ...process.env, PARATRACK_TEST_TAG: value },
    stdio: "ignore",
    detached: true,
  });
  const decoy = spawn("sleep", ["30"], {
    env: { ...process.env, XPARATRACK_TEST_TAG: value },
    stdio: "ignore",
  });
  await new Promise((resolve) => child.once("spawn", resolve));
  try {
    let found: number[] = [];
    for (let i = 0; i < 100 && found.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      found = processesTagged("PARATRACK_TEST_TAG", value);
    }
    expect(found).toHaveLength(2); // the shell and its sleep
    expect(found).toContain(child.pid);
    expect(found).not.toContain(decoy.pid);
    expect(processesTagged("PARATRACK_TEST_TAG", `${value}-other`)).toEqual([]);
    expect(processesTagged("PARATRACK_TEST", value)).toEqual([]);
  } finally {
    process.kill(-child.pid!, "SIGKILL");
    decoy.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  for (let i = 0; i < 100 && processesTagged("PARATRACK_TEST_TAG", value).length > 0; i++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(processesTagged("PARATRACK_TEST_TAG", value)).toEqual([]);
});
