// Issue 16 end to end on a real Slurm cluster (scripts/test-all.sh brings one up and exports SLURM_CONF, which
// the server inherits): a 2-track plan on `executor: slurm` shows each track's Slurm job id on its card; Pause from
// the browser is scontrol suspend (SUSPENDED, and the card says the memory stays reserved), Resume is RUNNING; the
// overview's cluster card shows the node both jobs run on.
import { createSlurmClient } from "../lib/executors/slurm/slurm-client";
import { expect, test } from "./support/fixtures";
import { getTrack, type WrittenPlan, writePlan } from "./support/tracks";

const slurmConf = process.env.SLURM_CONF;
test.skip(!slurmConf, "no Slurm cluster: SLURM_CONF is not set (bring one up with scripts/slurm/up.sh)");

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("slurm");
});
test.afterEach(() => plan.remove());

test("Slurm job ids on the cards; pause and resume from the browser are scontrol suspend and resume", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  const slurm = createSlurmClient({ slurmConf });
  const server = await launchServer({ args: ["--plan", plan.file] });
  // Null until the run has started (the plan is read and checked first).
  const jobOf = (key: string) =>
    getTrack(request, server, key).then(
      (t) => t.slurm,
      () => null,
    );
  for (const key of ["A", "B"])
    await expect.poll(async () => (await jobOf(key))?.state, { timeout: 60_000 }).toBe("RUNNING");
  const jobA = (await jobOf("A"))?.jobId ?? "";
  const jobB = (await jobOf("B"))?.jobId ?? "";
  expect(jobA).not.toBe(jobB);
  expect((await slurm.showJob(jobA)).name).toMatch(/^paratrack-.+-A$/);

  await page.goto(server.baseURL);
  const cardA = page.getByRole("article", { name: "Slurm Alpha" });
  const cardB = page.getByRole("article", { name: "Slurm Bravo" });
  await expect(cardA.getByTestId("track-slurm-job")).toContainText(`Slurm job ${jobA} · running`);
  await expect(cardB.getByTestId("track-slurm-job")).toContainText(`Slurm job ${jobB} · running`);
  // The cluster card: the node both jobs run on, taking work, with what they reserved.
  const nodeName = (await slurm.showNodes())[0]?.name ?? "";
  const cluster = page.getByRole("region", { name: "Slurm cluster" });
  const node = cluster.getByTestId(`cluster-node-${nodeName}`);
  await expect(node.getByTestId("cluster-node-state")).toContainText("takes work");
  await expect(node.getByTestId("cluster-node-tracks")).toHaveText("A, B", { timeout: 15_000 });
  await expect(cluster.getByTestId("cluster-summary")).toContainText("taking work: 1 of 1 node");

  await cardA.getByRole("button", { name: "Pause track A" }).click();
  await expect(cardA.getByTestId("track-status")).toHaveText("Paused by lead");
  await expect.poll(async () => (await slurm.showJob(jobA)).state, { timeout: 15_000 }).toBe("SUSPENDED");
  await expect(cardA.getByTestId("track-slurm-suspended")).toHaveText(
    "Suspended in Slurm: its cores are free, its memory stays reserved on the node.",
  );
  await expect(cardA.getByTestId("track-slurm-job")).toContainText(`Slurm job ${jobA} · suspended`);
  // Only A's job was suspended.
  expect((await slurm.showJob(jobB)).state).toBe("RUNNING");

  await cardA.getByRole("button", { name: "Resume track A" }).click();
  await expect.poll(async () => (await slurm.showJob(jobA)).state, { timeout: 15_000 }).toBe("RUNNING");
  await expect(cardA.getByTestId("track-status")).toHaveText("Running");
  await expect(cardA.getByTestId("track-slurm-suspended")).toHaveCount(0);
  await expect(cardA.getByTestId("track-slurm-job")).toContainText(`Slurm job ${jobA} · running`);
});
