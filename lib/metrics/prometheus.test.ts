import parsePrometheusTextFormat, { type ParsedFamily } from "parse-prometheus-text-format";
import { register as globalRegistry } from "prom-client";
import { describe, expect, it } from "vitest";
import { tierFor } from "../domain/governor/zones";
import type { MemorySample } from "../domain/types";
import { createParatrackMetrics } from "./prometheus";

const GB = 1e9;

function sample(zone: MemorySample["zone"], budget: MemorySample["budget"]): MemorySample {
  return {
    at: "2026-12-04T10:00:00.000Z",
    zone,
    zoneSource: "machine",
    tier: tierFor(24 * GB),
    system: { totalBytes: 24 * GB, availableBytes: 6 * GB, usedBytes: 18 * GB, usedPercent: 75 },
    machine: { capacityBytes: 24 * GB, usedBytes: 20 * GB, usedPercent: 83, capacitySource: "physical" },
    budget,
    swap: { totalBytes: 0, usedBytes: 0 },
    psi: null,
  };
}

async function scrape(
  metrics: ReturnType<typeof createParatrackMetrics>,
): Promise<Map<string, ParsedFamily>> {
  const { body, contentType } = await metrics.render();
  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  return new Map(parsePrometheusTextFormat(body).map((family) => [family.name, family]));
}

function value(family: ParsedFamily | undefined, labels: Record<string, string>): number | undefined {
  const metric = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return metric?.value === undefined ? undefined : Number(metric.value);
}

describe("Paratrack's Prometheus metrics", () => {
  it("expose every family from the first scrape, parseable as Prometheus text", async () => {
    const families = await scrape(createParatrackMetrics());
    expect(Object.fromEntries([...families].map(([name, f]) => [name, f.type]))).toEqual({
      paratrack_zone: "GAUGE",
      paratrack_zone_level: "GAUGE",
      paratrack_memory_used_bytes: "GAUGE",
      paratrack_memory_available_bytes: "GAUGE",
      paratrack_memory_capacity_bytes: "GAUGE",
      paratrack_track_memory_bytes: "GAUGE",
      paratrack_track_state: "GAUGE",
      paratrack_governor_actions_total: "COUNTER",
      paratrack_red_reaction_seconds: "HISTOGRAM",
      paratrack_agents: "GAUGE",
      paratrack_slurm_jobs: "GAUGE",
      paratrack_database_up: "GAUGE",
      paratrack_write_queue_length: "GAUGE",
    });
    expect(
      families
        .get("paratrack_governor_actions_total")
        ?.metrics.map((m) => m.labels?.kind)
        .sort(),
    ).toEqual(["alert", "pause", "resume", "start", "stop-requeue", "swap-model"]);
  });

  it("report what the engine fed them", async () => {
    const metrics = createParatrackMetrics();
    metrics.onSample(sample("orange", { bytes: 16 * GB, usedBytes: 12 * GB, usedPercent: 75 }));
    metrics.onClusterMemory({
      nodes: 2,
      availableNodes: 2,
      capacityBytes: 64 * GB,
      allocatedBytes: 40 * GB,
      usedBytes: 30 * GB,
    });
    metrics.onTrackUpdate({ runId: "r1", trackKey: "api", status: "running", currentBytes: 3 * GB });
    metrics.onTrackUpdate({ runId: "r1", trackKey: "api", status: "paused", currentBytes: 2.5 * GB });
    metrics.onTrackUpdate({ runId: "r1", trackKey: "ui", status: "completed", currentBytes: 0 });
    metrics.onGovernorAction("pause");
    metrics.onGovernorAction("pause");
    metrics.onGovernorAction("start");
    metrics.onReactionMeasured(0.04);
    metrics.onReactionMeasured(0.3);
    metrics.onReactionMeasured(Number.NaN);
    metrics.setAgentsByState({ running: 3, paused: 1 });
    metrics.setSlurmJobsByState({ RUNNING: 2, SUSPENDED: 1 });
    const families = await scrape(metrics);

    expect(value(families.get("paratrack_zone"), { zone: "orange" })).toBe(1);
    expect(value(families.get("paratrack_zone"), { zone: "green" })).toBe(0);
    expect(value(families.get("paratrack_zone_level"), {})).toBe(2);
    const used = families.get("paratrack_memory_used_bytes");
    const available = families.get("paratrack_memory_available_bytes");
    expect(value(used, { view: "system" })).toBe(18 * GB);
    expect(value(available, { view: "system" })).toBe(6 * GB);
    expect(value(used, { view: "machine" })).toBe(20 * GB);
    expect(value(available, { view: "machine" })).toBe(4 * GB);
    expect(value(used, { view: "budget" })).toBe(12 * GB);
    expect(value(available, { view: "budget" })).toBe(4 * GB);
    expect(value(used, { view: "cluster" })).toBe(40 * GB);
    expect(value(available, { view: "cluster" })).toBe(24 * GB);

    expect(value(families.get("paratrack_track_memory_bytes"), { run: "r1", track: "api" })).toBe(2.5 * GB);
    const state = families.get("paratrack_track_state");
    expect(value(state, { track: "api", state: "paused" })).toBe(1);
    expect(value(state, { track: "api", state: "running" })).toBe(0);
    expect(value(state, { track: "ui", state: "completed" })).toBe(1);

    expect(value(families.get("paratrack_governor_actions_total"), { kind: "pause" })).toBe(2);
    expect(value(families.get("paratrack_governor_actions_total"), { kind: "resume" })).toBe(0);
    const reaction = families.get("paratrack_red_reaction_seconds")?.metrics[0];
    expect(reaction?.count).toBe("2");
    expect(Number(reaction?.sum)).toBeCloseTo(0.34);
    expect(reaction?.buckets?.["0.05"]).toBe("1");
    expect(reaction?.buckets?.["0.5"]).toBe("2");

    expect(value(families.get("paratrack_agents"), { state: "running" })).toBe(3);
    expect(value(families.get("paratrack_agents"), { state: "exited" })).toBe(0);
    expect(value(families.get("paratrack_slurm_jobs"), { state: "SUSPENDED" })).toBe(1);

    // A later count zeroes states no longer present; a budget that goes away drops its series; a run can be forgotten.
    metrics.setSlurmJobsByState({ COMPLETED: 3 });
    metrics.onSample(sample("green", null));
    metrics.forgetRun("r1");
    const later = await scrape(metrics);
    expect(value(later.get("paratrack_slurm_jobs"), { state: "SUSPENDED" })).toBe(0);
    expect(value(later.get("paratrack_slurm_jobs"), { state: "COMPLETED" })).toBe(3);
    expect(value(later.get("paratrack_memory_used_bytes"), { view: "budget" })).toBeUndefined();
    expect(value(later.get("paratrack_zone_level"), {})).toBe(0);
    expect(later.get("paratrack_track_state")?.metrics ?? []).toEqual([]);
  });

  it("keep to their own registry: two instances do not share counters and the global registry stays empty", async () => {
    const a = createParatrackMetrics();
    const b = createParatrackMetrics({ processMetrics: true });
    a.onGovernorAction("alert");
    expect(value((await scrape(b)).get("paratrack_governor_actions_total"), { kind: "alert" })).toBe(0);
    expect((await scrape(b)).has("paratrack_process_resident_memory_bytes")).toBe(true);
    expect(await globalRegistry.getMetricsAsJSON()).toEqual([]);
  });
});
