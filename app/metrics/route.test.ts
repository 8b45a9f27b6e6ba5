// GET /metrics over a real engine (SQLite file, real memory sampling, real agent processes): a track that outgrows
// a small budget drives the zone into Red and is paused by the governor, and the scrape shows it all, parseable as
// Prometheus text, with the token rules of the API.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { createRealEngine } from "@/lib/engine/real-engine";
import { setUpRouteEngine } from "@/test/support/route-engine";
import { GET } from "./route";

const TOKEN = "metrics-test-token-0123456789";
const agent = path.resolve("demo/agent.mjs");

const real = setUpRouteEngine({
  prefix: "paratrack-metrics-",
  env: { SAMPLE_INTERVAL_MS: "250", PARATRACK_TOKEN: TOKEN },
});

function scrape(headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` }) {
  return GET(new Request("http://127.0.0.1:3000/metrics", { headers }), {});
}

function value(family: ParsedFamily | undefined, labels: Record<string, string>): number | undefined {
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric?.value === undefined ? undefined : Number(metric.value);
}

it("exposes every family, fed by the engine: zone, tracks, governor actions, the Red→SIGSTOP reaction, agents", async () => {
  // 400 MB budget: A takes ~420 MB at once (Red from 85 %, Orange only a point below), B is critical and runs on.
  await real.engine.runs.startRun({
    source: `name: metrics
ram:
  budget: 400MB
  zones: { yellow: 50, orange: 84.9, red: 85 }
  graceSeconds: 60
maxConcurrent: 2
tracks:
  - key: A
    priority: standard
    ram: 60MB
    command: node ${agent} --mb 380 --seconds 60 --steps 1
  - key: B
    priority: critical
    ram: 60MB
    command: node ${agent} --mb 10 --seconds 60 --steps 1
`,
    fileName: "plan.yaml",
    baseDir: real.dataDir,
    planPath: null,
  });
  const deadline = Date.now() + 60_000;
  const statusOf = (key: string) => real.engine.runs.trackViews().find((t) => t.key === key);
  while (!(statusOf("A")?.status === "paused" && statusOf("A")?.pausedBy === "governor")) {
    if (Date.now() > deadline) throw new Error(`A was not paused by the governor: ${statusOf("A")?.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const response = await scrape();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  const families = new Map(parsePrometheusTextFormat(await response.text()).map((f) => [f.name, f]));
  for (const name of [
    "paratrack_zone",
    "paratrack_zone_level",
    "paratrack_memory_used_bytes",
    "paratrack_memory_available_bytes",
    "paratrack_memory_capacity_bytes",
    "paratrack_track_memory_bytes",
    "paratrack_track_state",
    "paratrack_governor_actions_total",
    "paratrack_red_reaction_seconds",
    "paratrack_agents",
    "paratrack_slurm_jobs",
    "paratrack_process_resident_memory_bytes",
  ])
    expect(families.has(name), name).toBe(true);

  const zones = families.get("paratrack_zone")?.metrics ?? [];
  expect(zones.filter((m) => m.value === "1")).toHaveLength(1);
  expect(value(families.get("paratrack_memory_capacity_bytes"), { view: "budget" })).toBe(400e6);
  const runId = real.engine.runs.activeRun()?.id ?? "";
  const state = families.get("paratrack_track_state");
  expect(value(state, { run: runId, track: "A", state: "paused" })).toBe(1);
  expect(value(state, { run: runId, track: "B", state: "running" })).toBe(1);
  expect(value(families.get("paratrack_track_memory_bytes"), { run: runId, track: "A" })).toBeGreaterThan(
    100e6,
  );
  const actions = families.get("paratrack_governor_actions_total");
  expect(value(actions, { kind: "start" })).toBe(2);
  expect(value(actions, { kind: "pause" })).toBeGreaterThanOrEqual(1);
  expect(value(actions, { kind: "swap-model" })).toBe(0);
  const reaction = families.get("paratrack_red_reaction_seconds")?.metrics[0];
  expect(Number(reaction?.count)).toBeGreaterThanOrEqual(1);
  // From the Red sample to the verified SIGSTOP: well under the grace period, even on a loaded machine.
  expect(Number(reaction?.sum) / Number(reaction?.count)).toBeLessThan(10);
  expect(value(families.get("paratrack_agents"), { state: "paused" })).toBe(1);
  expect(value(families.get("paratrack_agents"), { state: "running" })).toBe(1);
  expect(value(families.get("paratrack_slurm_jobs"), { state: "RUNNING" })).toBe(0);
}, 90_000);

it("needs the lead's token like the API's data routes, and refuses other origins", async () => {
  expect((await scrape({})).status).toBe(401);
  expect((await scrape({ authorization: "Bearer wrong" })).status).toBe(401);
  expect((await scrape({ authorization: `Bearer ${TOKEN}`, origin: "http://evil.example" })).status).toBe(
    403,
  );
});

// Slurm jobs by state, fed by the Slurm executor's live jobs (scripts/test-all.sh exports SLURM_CONF of its cluster).
const slurmConf = process.env.SLURM_CONF;
if (!slurmConf) console.warn("/metrics Slurm jobs test skipped: SLURM_CONF is not set (scripts/slurm/up.sh)");
describe.skipIf(!slurmConf)("on a Slurm cluster", () => {
  it("counts the run's Slurm jobs by state", async () => {
    const slurmDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-metrics-slurm-"));
    const slurmEngine = createRealEngine({ dataDir: slurmDir, env: { PARATRACK_TOKEN: TOKEN } });
    try {
      await slurmEngine.engine.start();
      await slurmEngine.engine.runs.startRun({
        source: `name: metrics-slurm
executor: slurm
tracks:
  - key: S
    ram: 64MB
    command: sleep 60
`,
        fileName: "plan.yaml",
        baseDir: slurmDir,
        planPath: null,
      });
      const deadline = Date.now() + 60_000;
      const job = () => slurmEngine.engine.runs.trackViews().find((t) => t.key === "S")?.slurm;
      while (job()?.state !== "RUNNING") {
        if (Date.now() > deadline) throw new Error(`the job did not run: ${JSON.stringify(job())}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      // The cluster governor's read of the nodes reaches the governor view (with the job on its node) and the
      // memory gauges' "cluster" view: what jobs reserved of what Slurm schedules against.
      const node = () =>
        slurmEngine.engine.runs.governorView().cluster?.nodes.find((n) => n.trackKeys.includes("S"));
      while (node() === undefined) {
        if (Date.now() > deadline)
          throw new Error(
            `no node with S: ${JSON.stringify(slurmEngine.engine.runs.governorView().cluster)}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const cluster = slurmEngine.engine.runs.governorView().cluster!;
      expect(cluster.error).toBeNull();
      expect(node()).toMatchObject({ available: true });
      expect(node()!.realMemoryBytes).toBeGreaterThan(0);
      // S's --mem (64 MB, whole MiB for Slurm) is reserved on its node.
      const mem = Math.floor(64e6 / 1024 ** 2) * 1024 ** 2;
      expect(node()!.allocatedBytes).toBeGreaterThanOrEqual(mem);
      // The gauges follow the governor view, pushed at the next memory sample.
      const scrapeFamilies = async () =>
        new Map(
          parsePrometheusTextFormat((await slurmEngine.engine.metrics.render()).body).map((f) => [f.name, f]),
        );
      let families = await scrapeFamilies();
      const gauge = (name: string) => value(families.get(name), { view: "cluster" });
      while ((gauge("paratrack_memory_used_bytes") ?? 0) < mem) {
        if (Date.now() > deadline)
          throw new Error(`/metrics shows no cluster reservation: ${gauge("paratrack_memory_used_bytes")}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
        families = await scrapeFamilies();
      }
      expect(value(families.get("paratrack_slurm_jobs"), { state: "RUNNING" })).toBe(1);
      expect(gauge("paratrack_memory_capacity_bytes")).toBe(cluster.capacityBytes);
    } finally {
      await slurmEngine.close();
      rmSync(slurmDir, { recursive: true, force: true });
    }
  }, 90_000);
});
