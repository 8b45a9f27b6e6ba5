// After a restart the previous process's run is ended as stopped: its agents went with that process.
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { listRunEvents } from "../../db/events";
import { getRun } from "../../db/runs";
import { listTracks } from "../../db/tracks";
import { createRecordingEmitter } from "../emitter";
import { createEventLog } from "../event-log";
import { inProcessPlans } from "../plan-service";
import { createRunController } from "./controller";
import { createFakeLauncher } from "./fakes";
import { createHarness, type Harness } from "./harness";
import { createRunStore } from "./store";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

it("marks the run a previous process left running as stopped, with its tracks and an event saying why", async () => {
  h = await createHarness();
  const { runId } = await h.start(`name: left behind
ram:
  budget: 1GB
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    dependsOn: [A]
    command: b
`);
  await h.tick();
  expect(h.statuses()).toEqual({ A: "running", B: "pending" });

  // A new process on the same database: its controller knows nothing of the run.
  const launcher = createFakeLauncher();
  const logger = pino({ level: "silent" });
  const emitter = createRecordingEmitter();
  const next = createRunController({
    config: h.config,
    store: createRunStore(h.db),
    emitter,
    events: createEventLog({ db: h.db, emitter, logger }),
    logger,
    monitor: h.monitor,
    now: h.clock.now,
    launch: launcher.launch,
    measure: launcher.measure,
    baseUrl: () => "",
    plans: inProcessPlans(),
  });
  await next.recoverAfterRestart();

  expect(await getRun(h.db, runId)).toMatchObject({ status: "stopped", endedAt: new Date(h.clock.now()) });
  expect((await listTracks(h.db, runId)).map((t) => [t.key, t.status, t.exitSummary])).toEqual([
    ["A", "stopped", "stopped: the server restarted"],
    ["B", "stopped", "stopped: the server restarted"],
  ]);
  const [ended] = await listRunEvents(h.db, runId, ["run:ended"]);
  expect(ended?.details).toEqual({ status: "stopped", reason: "the server restarted" });
  expect(launcher.agents).toEqual([]);
});
