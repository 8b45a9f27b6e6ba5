// Each agent attempt gets a log (and exit) file of its own, whatever its track's and agent's names.
import { writeFileSync } from "node:fs";
import path from "node:path";
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

  it("fails a track whose log directory cannot be made, with the reason, instead of leaving it running without agents", async () => {
    h = await createHarness();
    // DATA_DIR/logs is a file: no log directory can be made under it.
    writeFileSync(path.join(h.dir, "logs"), "not a directory");
    await h.start(`name: no logs
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 10MB
    command: a
`);
    await h.tick();
    expect(h.launcher.agents).toHaveLength(0);
    expect(h.track("A")).toMatchObject({ status: "failed" });
    expect(h.track("A").exitSummary).toMatch(/^not started: cannot make its log directory .*logs.*: ENOTDIR/);
  });
});
