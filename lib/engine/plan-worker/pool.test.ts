// The plan worker: real worker threads running the real validator and planner.
import { afterEach, describe, expect, it } from "vitest";
import { createPlanWorker, type PlanWorker } from "./pool";

const plan = (tracks: number) => {
  let text = "name: big\ntracks:\n";
  for (let i = 0; i < tracks; i++)
    text += `  - key: T${i}\n    ram: 200MB\n    duration: ${5 + (i % 11)}m\n    command: sleep 1\n`;
  return text;
};

let worker: PlanWorker | null = null;
afterEach(async () => {
  await worker?.close();
  worker = null;
});

describe("plan worker", () => {
  it("validates a plan off the main thread and returns the same result as in-process", async () => {
    worker = createPlanWorker();
    const result = await worker.run(
      "validate",
      { source: plan(3), options: { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null } },
      30_000,
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.plan.tracks.map((t) => t.key)).toEqual(["T0", "T1", "T2"]);
    const invalid = await worker.run(
      "validate",
      {
        source: "name: x\ntracks: 3\n",
        options: { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null },
      },
      30_000,
    );
    expect(invalid.ok).toBe(false);
  });

  it("keeps the event loop free while a large plan is scheduled", async () => {
    worker = createPlanWorker();
    const validated = await worker.run(
      "validate",
      { source: plan(300), options: { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null } },
      30_000,
    );
    if (!validated.ok) throw new Error("expected a valid plan");
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    const schedule = await worker.run(
      "schedule",
      {
        tracks: validated.plan.tracks,
        capacityBytes: 2e9,
        maxConcurrent: 4,
        resources: {},
        defaultDurationMs: 3_600_000,
      },
      60_000,
    );
    clearInterval(timer);
    expect(schedule.tracks).toHaveLength(300);
    // The timer kept firing while the worker planned (a blocked loop would count 0 or 1).
    expect(ticks).toBeGreaterThan(3);
  });

  it("ends a job that takes too long with a clear 422 and serves the next job with a fresh worker", async () => {
    worker = createPlanWorker();
    const validated = await worker.run(
      "validate",
      { source: plan(400), options: { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null } },
      30_000,
    );
    if (!validated.ok) throw new Error("expected a valid plan");
    const slow = worker.run(
      "schedule",
      {
        tracks: validated.plan.tracks,
        capacityBytes: 2e9,
        maxConcurrent: 4,
        resources: {},
        defaultDurationMs: 3_600_000,
      },
      1,
    );
    await expect(slow).rejects.toMatchObject({
      status: 422,
      message: expect.stringMatching(/took longer than/),
    });
    const next = await worker.run(
      "validate",
      { source: plan(1), options: { fileName: "p.yaml", baseDir: "/tmp", effectiveTotalBytes: null } },
      30_000,
    );
    expect(next.ok).toBe(true);
  });
});
