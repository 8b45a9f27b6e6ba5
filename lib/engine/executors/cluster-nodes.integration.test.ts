// What the lead hears of the Slurm cluster itself, on a real one-node cluster (scripts/slurm/up.sh): nodes that
// cannot be read (here: Slurm's configuration not there, as when the cluster is unreachable) and can be again, and
// a node that drains and comes back (scontrol update State=DRAIN / RESUME), each one event naming it; the
// governor view carries the nodes for the overview, with what the run's jobs there measure (sstat). A local track keeps the run going while its Slurm track
// waits on it. Skips (with the reason) only where Slurm cannot be installed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createSlurmClient } from "../../executors/slurm/slurm-client";
import { ensureTestSlurmCluster } from "../../executors/slurm/test-cluster";
import { createHarness, type Harness } from "../run/harness";
import { createSlurmExecutor, type SlurmExecutor } from "./slurm-executor";

const cluster = await ensureTestSlurmCluster();
if (!cluster.available) console.warn(`Slurm cluster view tests skipped: ${cluster.reason}`);

/** A local track that runs until the test ends it, and a Slurm track waiting on it: the run keeps its cluster. */
const PLAN = `name: cluster-view
tracks:
  - key: local
    command: agent
  - key: remote
    executor: slurm
    ram: 64MB
    dependsOn: [local]
    command: "sleep 1"
`;

/** Waits in real time (the cluster governor reads the nodes every 5 s), checking every 200 ms. */
async function eventually(check: () => boolean, what: string, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!cluster.available)("the cluster as the lead sees it, on a real cluster", () => {
  let executor: SlurmExecutor | null = null;
  let h: Harness | null = null;
  const dirs: string[] = [];
  afterEach(async () => {
    await h?.dispose();
    executor?.close();
    h = null;
    executor = null;
  });
  afterAll(() => {
    if (cluster.available) cluster.stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function start(slurmConf: string): Promise<Harness> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-cluster-view-"));
    dirs.push(dir);
    executor = createSlurmExecutor({ client: createSlurmClient({ slurmConf }), dataDir: dir, pollMs: 500 });
    h = await createHarness({ dir, slurm: executor });
    await h.start(PLAN);
    return h;
  }
  const kinds = (harness: Harness) => harness.events().map((e) => e.kind);

  it("says when Slurm's nodes cannot be read and when they can again, keeping the error in the view", async () => {
    if (!cluster.available) return;
    // The executor reads Slurm's configuration through a link that points nowhere at first.
    const linkDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-cluster-conf-"));
    dirs.push(linkDir);
    const link = path.join(linkDir, "slurm.conf");
    symlinkSync(path.join(linkDir, "missing.conf"), link);
    const harness = await start(link);
    await eventually(() => kinds(harness).includes("cluster:unreachable"), "cluster:unreachable");
    const unreachable = harness.events().find((e) => e.kind === "cluster:unreachable")!;
    expect(unreachable.message).toMatch(/^Slurm's nodes cannot be read \(.+\): a node in Red goes unseen/);
    expect(harness.controller.governorView().cluster?.error).toBeTruthy();

    unlinkSync(link);
    symlinkSync(cluster.slurmConf, link);
    await eventually(() => kinds(harness).includes("cluster:reachable"), "cluster:reachable");
    const view = harness.controller.governorView().cluster!;
    expect(view.error).toBeNull();
    expect(view.nodes.length).toBeGreaterThan(0);
    expect(view.capacityBytes).toBeGreaterThan(0);
    // Once each: the passes in between said nothing more.
    expect(kinds(harness).filter((k) => k.startsWith("cluster:"))).toEqual([
      "cluster:unreachable",
      "cluster:reachable",
    ]);
  }, 60_000);

  it("counts what the run's jobs measure (sstat) on their node, seconds old where FreeMem lags", async () => {
    if (!cluster.available) return;
    const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-cluster-view-"));
    dirs.push(dir);
    executor = createSlurmExecutor({
      client: createSlurmClient({ slurmConf: cluster.slurmConf }),
      dataDir: dir,
      pollMs: 500,
    });
    h = await createHarness({ dir, slurm: executor });
    const harness = h;
    await harness.start(`name: cluster-jobs
executor: slurm
tracks:
  - key: big
    ram: 400MB
    command: "node -e \\"const b=Buffer.alloc(200*1024*1024,1); setInterval(()=>b[0]++, 1000)\\""
`);
    const jobsOnNode = () =>
      harness.controller.governorView().cluster?.nodes.find((n) => n.trackKeys.includes("big"))?.jobsBytes ??
      0;
    const deadline = Date.now() + 45_000;
    // The harness measures the agents (here: sstat of the job) at each tick; the cluster view follows at its pass.
    while (jobsOnNode() < 150 * 1024 ** 2) {
      if (Date.now() > deadline) throw new Error(`the job's memory never reached the node: ${jobsOnNode()}`);
      await harness.tick();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const node = harness.controller.governorView().cluster!.nodes.find((n) => n.trackKeys.includes("big"))!;
    expect(harness.track("big").slurm?.nodes).toBe(node.name);
    expect(node.jobsBytes).toBeLessThan(400 * 1024 ** 2);
  }, 60_000);

  it("says when a node drains, with the admin's reason, and when it takes work again", async () => {
    if (!cluster.available) return;
    const harness = await start(cluster.slurmConf);
    await eventually(() => (harness.controller.governorView().cluster?.nodes.length ?? 0) > 0, "nodes read");
    const node = harness.controller.governorView().cluster!.nodes[0]!;
    expect(node).toMatchObject({ available: true, reason: null });
    const scontrol = (...args: string[]) => {
      const result = spawnSync("scontrol", args, {
        encoding: "utf8",
        env: { ...process.env, SLURM_CONF: cluster.slurmConf },
      });
      if (result.status !== 0) throw new Error(`scontrol ${args.join(" ")}: ${result.stderr}`);
    };
    scontrol("update", `NodeName=${node.name}`, "State=DRAIN", "Reason=paratrack test drain");
    try {
      await eventually(() => kinds(harness).includes("cluster:node-unavailable"), "cluster:node-unavailable");
      const drained = harness.events().find((e) => e.kind === "cluster:node-unavailable")!;
      expect(drained.message).toContain(`Slurm node ${node.name} takes no new work`);
      expect(drained.message).toContain("DRAIN");
      expect(drained.message).toContain("paratrack test drain");
      expect(harness.controller.governorView().cluster?.nodes[0]).toMatchObject({
        available: false,
        // Slurm adds who drained it and when: "paratrack test drain [root@2026-12-05T09:23:36]".
        reason: expect.stringContaining("paratrack test drain"),
      });
      expect(harness.controller.governorView().cluster?.availableNodes).toBe(0);
    } finally {
      scontrol("update", `NodeName=${node.name}`, "State=RESUME");
    }
    await eventually(() => kinds(harness).includes("cluster:node-available"), "cluster:node-available");
    expect(harness.controller.governorView().cluster?.nodes[0]?.available).toBe(true);
  }, 60_000);
});
