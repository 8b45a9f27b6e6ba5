// A track's daily status on a viewer (a server that runs no engine: every run is read from the database) is the
// document the owner shows, built from the same rows: not the latest written one, nor a 404 that left the track page
// combining the reports itself (status and RAM null). Real SQLite, fake agents (../run/harness.ts).
import { afterEach, expect, it } from "vitest";
import { createCoordinationQueries } from "../coordination-queries";
import { NotFoundError } from "../errors";
import { createHarness, type Harness } from "../run/harness";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

function queriesOf(harness: Harness, viewer: boolean) {
  const runs = viewer ? { ...harness.controller, activeRun: () => null } : harness.controller;
  const noPhases = {
    phases: async () => {
      throw new NotFoundError("not used here");
    },
  };
  return createCoordinationQueries(
    {
      db: harness.db,
      config: harness.config,
      runs,
      monitor: harness.monitor,
      events: harness.eventLog,
    },
    noPhases,
    { now: harness.clock.now },
  );
}

it("gives a viewer the owner's document of today: the same reports, telemetry and derived status", async () => {
  h = await createHarness();
  await h.start(`name: status
ram: { budget: 1GB }
tracks:
  - key: A
    ram: 100MB
    duration: 1h
    command: a
`);
  await h.tick();
  const a = h.launcher.latest("A");
  a.bytes = 40_000_000;
  a.say("::progress 30");
  a.say("::done parser");
  for (let i = 0; i < 6; i++) await h.tick();
  await h.controller.report("A", { track: "A", plannedTomorrow: ["lexer"], blockers: [] }, "api", "agent");

  const owner = await queriesOf(h, false).trackStatus("A", undefined);
  const viewer = await queriesOf(h, true).trackStatus("A", undefined);
  expect(owner).toMatchObject({
    track: "A",
    status: "on-track",
    progress_percent: 30,
    completed_today: ["parser"],
    planned_tomorrow: ["lexer"],
  });
  expect(owner.resource_usage.ram_gb).not.toBeNull();
  expect(viewer).toEqual(owner);

  // A day asked for by date that nothing was written for: built the same way too.
  const today = h.controller.coordination.today();
  expect(await queriesOf(h, true).trackStatus("A", today)).toEqual(
    await queriesOf(h, false).trackStatus("A", today),
  );
});
