// A track page's agents as the owner and as a viewer read them: the owner from its live slots and /proc, a viewer
// from the rows the owner stores (memory throttled, state at every pause and resume), saying where the processes
// are listed since it cannot list them. Real SQLite, fake agents (run/harness.ts).
import os from "node:os";
import { afterEach, describe, expect, it } from "vitest";
import { STORE_CURRENT_EVERY_MS } from "../domain/agents/agent-memory-record";
import { createHarness, type Harness } from "./run/harness";
import { createTrackQueries } from "./track-queries";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const PLAN = `name: agents
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    command: a
`;

/** The queries of a server that runs no engine (a viewer): every run is read from the database. */
function viewerQueries(harness: Harness) {
  return createTrackQueries(harness.db, { ...harness.controller, activeRun: () => null });
}

const agentOf = async (queries: ReturnType<typeof createTrackQueries>) =>
  (await queries.trackDetail("A")).agents[0]!;

describe("a track's agents on a viewer", () => {
  it("shows the agent's state and memory as the owner stored them, and says where its processes are listed", async () => {
    h = await createHarness();
    await h.start(PLAN);
    await h.tick();
    const a = h.launcher.latest("A");
    a.bytes = 891_000;
    await h.tick();

    const owner = await agentOf(createTrackQueries(h.db, h.controller));
    expect(owner).toMatchObject({
      state: "running",
      currentBytes: 891_000,
      processesVisible: true,
      processesNote: null,
    });
    expect(await agentOf(viewerQueries(h))).toMatchObject({
      state: "running",
      currentBytes: 891_000,
      peakBytes: 891_000,
      memoryMethod: "pss",
      processes: [],
      processesVisible: false,
      processesNote: `its processes are listed on the engine's server (${os.hostname()})`,
    });

    await h.controller.leadAction("A", "pause");
    expect(await agentOf(viewerQueries(h))).toMatchObject({ state: "paused" });
    expect(await agentOf(createTrackQueries(h.db, h.controller))).toMatchObject({ state: "paused" });

    // Throttled: a small change waits for the next write of the current figure, a peak 10 % higher does not.
    a.bytes = 900_000;
    await h.tick();
    expect(await agentOf(viewerQueries(h))).toMatchObject({ currentBytes: 891_000, peakBytes: 891_000 });
    a.bytes = 1_000_000;
    await h.tick();
    expect(await agentOf(viewerQueries(h))).toMatchObject({ currentBytes: 1_000_000, peakBytes: 1_000_000 });
    a.bytes = 948_000;
    await h.tick(STORE_CURRENT_EVERY_MS);
    expect(await agentOf(viewerQueries(h))).toMatchObject({ currentBytes: 948_000, peakBytes: 1_000_000 });

    await h.controller.leadAction("A", "resume");
    expect(await agentOf(viewerQueries(h))).toMatchObject({ state: "running" });

    // Ended: nothing runs, so nothing is hidden either.
    a.exit(0);
    await h.tick();
    expect(await agentOf(viewerQueries(h))).toMatchObject({
      state: null,
      currentBytes: 0,
      processesVisible: true,
      processesNote: null,
    });
  });
});
