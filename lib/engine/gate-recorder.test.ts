// The open gates are stored when the run changes, not when someone reads them: the run controller with fake
// agents (run/harness.ts) and the real phase service on the same SQLite file.
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { listRunEvents } from "../db/events";
import { createGateRecorder, type GateRecorder } from "./gate-recorder";
import { createPhaseService } from "./phase-service";
import { createHarness, type Harness, settle, until } from "./run/harness";

let h: Harness | null = null;
let recorder: GateRecorder | null = null;
afterEach(async () => {
  await h?.controller.shutdown("test over");
  await recorder?.stop();
  await h?.dispose();
  h = null;
  recorder = null;
});

/** The real phase service on the harness's database and clock. */
const phaseServiceOf = (run: Harness) =>
  createPhaseService(
    { db: run.db, config: run.config, runs: run.controller, monitor: run.monitor, events: run.eventLog },
    { now: run.clock.now, isPidAlive: () => false },
  );

describe("gate recorder", () => {
  it("stores the open gates' results when tracks change status and when the run ends, coalescing bursts", async () => {
    h = await createHarness();
    const run = h;
    const phases = phaseServiceOf(run);
    let evaluations = 0;
    recorder = createGateRecorder({
      runs: run.controller,
      phases: {
        recordOpenGates: async (runId) => {
          evaluations++;
          await phases.recordOpenGates(runId);
        },
        onRunEnded: async (runId) => {
          evaluations++;
          await phases.onRunEnded(runId);
        },
      },
      logger: pino({ level: "silent" }),
      minIntervalMs: 0,
    });
    const { runId } = await run.start(`name: gates
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
  - key: C
    ram: 100MB
    command: c
`);
    // Three tracks became ready at once: one evaluation, and at most one more for the changes during it.
    await until(() => evaluations > 0);
    await settle();
    const afterReady = evaluations;
    expect(afterReady).toBeLessThanOrEqual(2);
    expect(await run.db.gateItem.count({ where: { runId } })).toBeGreaterThan(0);

    // Reading the phases writes nothing new.
    const before = await run.db.gateItem.findMany({ where: { runId }, orderBy: { id: "asc" } });
    run.clock.advance(60_000);
    await phases.phases(runId);
    expect(await run.db.gateItem.findMany({ where: { runId }, orderBy: { id: "asc" } })).toEqual(before);

    // The tracks start and finish: their statuses change, and the run's end is stored in the open gates.
    await run.tick();
    for (const key of ["A", "B", "C"]) run.launcher.latest(key).exit(0);
    await settle();
    expect(run.controller.activeRun()?.finished).toBe(true);
    await recorder.stop();
    expect(evaluations).toBeGreaterThan(afterReady);
    // Written when its result changed: now that every track completed.
    const completion = await run.db.gateItem.findFirstOrThrow({
      where: { runId, phase: 4, itemKey: "track-deliverables-complete" },
    });
    expect(completion.status).toBe("pass");
    expect(completion.at.getTime()).toBe(run.clock.now());

    // The run's end moved it to phase 5's gate: the gates before it closed by the system, overridden where they
    // did not pass (the lead never ticked phase 1's manual items), and said so.
    expect((await run.db.run.findUniqueOrThrow({ where: { id: runId } })).phase).toBe(5);
    const advanced = await listRunEvents(run.db, runId, ["phase:advanced"]);
    expect(advanced.map((e) => [e.details.from, e.details.to, e.details.by, e.actor])).toEqual([
      [1, 2, "system", "system"],
      [2, 3, "system", "system"],
      [3, 4, "system", "system"],
      [4, 5, "system", "system"],
    ]);
    expect(advanced[0]!.details.override).toBe("the run ended (completed) before this gate was closed");
    expect(advanced[0]!.message).toMatch(
      /^Phase 1 \(.*\) → phase 2 \(.*\), gate overridden by system: the run ended/,
    );
    const view = await phases.phases(runId);
    expect(view.currentPhase).toBe(5);
    expect(view.complete).toBe(false);
    expect(view.phases.find((p) => p.number === 1)?.state).toBe("overridden");
  });

  it("moves to phase 5 only once the last quality gate has tested its track, so the gates close on its verdict", async () => {
    h = await createHarness();
    const run = h;
    const phases = phaseServiceOf(run);
    recorder = createGateRecorder({
      runs: run.controller,
      phases,
      logger: pino({ level: "silent" }),
      minIntervalMs: 0,
    });
    const { runId } = await run.start(`name: gates
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: a
    test: "sleep 1"
`);
    await run.tick();
    run.launcher.latest("A").exit(0);
    await until(() => run.controller.activeRun()?.finished === true);
    await settle();
    // The run has ended, but A's test still runs: the phase stays where it was.
    expect(run.track("A").testStatus).toBe("running");
    expect((await run.db.run.findUniqueOrThrow({ where: { id: runId } })).phase).toBe(1);
    await until(() => run.track("A").testStatus === "passed", 10_000);
    await expect
      .poll(async () => (await run.db.run.findUniqueOrThrow({ where: { id: runId } })).phase, {
        timeout: 10_000,
      })
      .toBe(5);
    const closedWith = await run.db.gateItem.findFirstOrThrow({
      where: { runId, phase: 4, itemKey: "track-quality-gates-passed" },
    });
    expect(closedWith.status).toBe("pass");
  });
});
