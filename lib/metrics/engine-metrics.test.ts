// The engine's pushes feed the metrics on their way through: governor decisions by kind, tracks of the shown run
// (a new run drops the old one's series), tracks' memory, and the Red→SIGSTOP reaction from the run's bus.
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { expect, it } from "vitest";
import type { TrackView } from "../domain/views";
import { createRecordingEmitter } from "../engine/emitter";
import type { RunBusEvents } from "../engine/run/bus";
import { createEngineMetrics } from "./engine-metrics";

async function families(render: () => Promise<{ body: string }>) {
  return new Map(parsePrometheusTextFormat((await render()).body).map((f) => [f.name, f]));
}

const track = (runId: string, key: string, status: TrackView["status"], currentBytes: number) =>
  ({ runId, key, status, currentBytes }) as TrackView;

it("count what passes the emitter and still deliver every push unchanged", async () => {
  const inner = createRecordingEmitter();
  const engineMetrics = createEngineMetrics();
  const emitter = engineMetrics.tap(inner);
  const bus: { onPaused?: (...args: RunBusEvents["governorPaused"]) => unknown } = {};
  engineMetrics.watch({
    activeRun: () => null,
    on: ((event: string, listener: (...args: RunBusEvents["governorPaused"]) => unknown) => {
      if (event === "governorPaused") bus.onPaused = listener;
      return () => undefined;
    }) as never,
  });

  emitter.emit("track:updated", track("r1", "A", "running", 1e6));
  emitter.emit("tracks:memory", { at: "2026-12-04T10:00:00.000Z", tracks: { A: 5e6 } });
  for (const kind of ["governor:pause", "governor:pause", "governor:alert", "track:paused"])
    emitter.emit("event:created", { id: 1, kind, details: {} } as never);
  emitter.emitTo("logs:A").emit("log:line", { trackKey: "A" } as never);
  bus.onPaused?.({
    runId: "r1",
    trackKey: "A",
    zone: "red",
    sampleAt: "2026-12-04T10:00:00.000Z",
    pausedAt: Date.parse("2026-12-04T10:00:00.120Z"),
  });
  bus.onPaused?.({
    runId: "r1",
    trackKey: "A",
    zone: "orange",
    sampleAt: "2026-12-04T10:00:00.000Z",
    pausedAt: 0,
  });

  expect(inner.sent.map((s) => `${s.room ?? "*"} ${s.event}`)).toEqual([
    "* track:updated",
    "* tracks:memory",
    "* event:created",
    "* event:created",
    "* event:created",
    "* event:created",
    "logs:A log:line",
  ]);
  let scraped = await families(() => engineMetrics.render());
  const labelled = (name: string, labels: Record<string, string>) =>
    scraped.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  expect(labelled("paratrack_governor_actions_total", { kind: "pause" })?.value).toBe("2");
  expect(labelled("paratrack_governor_actions_total", { kind: "alert" })?.value).toBe("1");
  expect(labelled("paratrack_track_memory_bytes", { run: "r1", track: "A" })?.value).toBe("5000000");
  expect(labelled("paratrack_track_state", { run: "r1", track: "A", state: "running" })?.value).toBe("1");
  const reaction = scraped.get("paratrack_red_reaction_seconds")?.metrics[0];
  expect(reaction?.count).toBe("1"); // the Orange pause is not a Red reaction
  expect(Number(reaction?.sum)).toBeCloseTo(0.12);

  // A new run on the dashboard: the old run's series go.
  emitter.emit("track:updated", track("r2", "X", "ready", 0));
  scraped = await families(() => engineMetrics.render());
  expect(labelled("paratrack_track_state", { run: "r1", track: "A", state: "running" })).toBeUndefined();
  expect(labelled("paratrack_track_state", { run: "r2", track: "X", state: "ready" })?.value).toBe("1");
});

it("counts the Slurm executor's live jobs by state at each scrape, a state left behind reading 0", async () => {
  const engineMetrics = createEngineMetrics();
  const jobs = [{ state: "RUNNING" }, { state: "RUNNING" }, { state: "SUSPENDED" }];
  engineMetrics.watchSlurm({ jobs: () => jobs });
  const state = async (name: string) =>
    (await families(() => engineMetrics.render()))
      .get("paratrack_slurm_jobs")
      ?.metrics.find((m) => m.labels?.state === name)?.value;
  expect(await state("RUNNING")).toBe("2");
  expect(await state("SUSPENDED")).toBe("1");
  jobs.splice(0, 3, { state: "PENDING" });
  expect(await state("RUNNING")).toBe("0");
  expect(await state("SUSPENDED")).toBe("0");
  expect(await state("PENDING")).toBe("1");
  engineMetrics.watchSlurm(null);
  expect(await state("PENDING")).toBe("0");
});
