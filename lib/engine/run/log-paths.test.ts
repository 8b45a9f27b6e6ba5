// Each agent attempt gets a log (and exit) file of its own, whatever its track's and agent's names.
import { afterEach, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "./harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe("agent log paths", () => {
  it("never share a file between track a's agent b-c and track a-b's agent c", async () => {
    h = await createHarness();
    await h.start(`name: names
ram:
  budget: 1GB
tracks:
  - key: a
    ram: 10MB
    agents: [{ name: b-c, command: one }]
  - key: a-b
    ram: 10MB
    agents: [{ name: c, command: two }]
`);
    await h.tick();
    const paths = h.launcher.agents.map((agent) => agent.launchedWith.logPath);
    expect(paths).toHaveLength(2);
    expect(new Set(paths).size).toBe(2);
    // The file name stays what the README and the download promise: <track>-<agent>-<attempt>.log.
    expect(paths.map((p) => p.split("/").slice(-2).join("/")).sort()).toEqual([
      "a-b/a-b-c-1.log",
      "a/a-b-c-1.log",
    ]);
  });
});
