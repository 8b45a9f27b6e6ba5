// A write made while the database is down waits in the write-behind queue and is made when the database is back;
// the row keeps the time it was made, not the time of the return: a report sent during an outage, the run's end, a
// ::touch conflict found meanwhile.
import { afterEach, expect, it } from "vitest";
import { createWriteBehind } from "../../db/write-behind";
import { createHarness, type Harness, settle, until } from "./harness";
import type { RunStore } from "./store";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

/** A store whose calls fail as an unreachable database's do while `down`. */
function outageStore(state: { down: boolean }) {
  return (store: RunStore): RunStore =>
    new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]) =>
          state.down
            ? Promise.reject(new Error("connect ECONNREFUSED (test outage)"))
            : value.apply(target, args);
      },
    });
}

it("stores what was recorded during an outage with its own time when the database is back", async () => {
  const state = { down: false };
  const writes = createWriteBehind({
    retryMs: 5,
    maxRetryMs: 20,
    stallMs: Number.POSITIVE_INFINITY,
    isUnreachable: (error) => error instanceof Error && error.message.includes("test outage"),
  });
  h = await createHarness({ wrapStore: outageStore(state), writes });
  const { runId } = await h.start(`name: times
ram: { budget: 4GB }
tracks:
  - key: A
    ram: 100MB
    command: a
    scope: [src/a/**]
  - key: B
    ram: 100MB
    command: b
    scope: [src/b/**]
`);
  await h.tick();
  expect(h.statuses()).toEqual({ A: "running", B: "running" });

  state.down = true;
  h.clock.advance(5_000);
  const reportedAt = h.clock.now();
  // `paratrack report --track A --progress 55` while PostgreSQL is down.
  await h.controller.report("A", { track: "A", progressPercent: 55 }, "cli", "lead");
  expect(writes.isAvailable()).toBe(false);
  // An out-of-scope touch: a conflict row.
  h.clock.advance(5_000);
  const touchedAt = h.clock.now();
  h.launcher.latest("A").say("::touch src/shared/x.ts");
  await until(() => h!.events().some((e) => e.kind === "conflict:detected"));
  await settle();
  // Both tracks end: the run's end.
  h.clock.advance(5_000);
  const endedAt = h.clock.now();
  h.launcher.latest("A").exit(0);
  h.launcher.latest("B").exit(0);
  await until(() => h!.controller.activeRun()?.finished === true);

  // The database answers a minute later.
  h.clock.advance(60_000);
  const backAt = h.clock.now();
  state.down = false;
  await writes.flush();
  expect(writes.pending()).toBe(0);

  const reports = await h.db.report.findMany({ where: { source: "cli" } });
  expect(reports.map((r) => [r.progress, r.at.getTime()])).toEqual([[55, reportedAt]]);
  const run = await h.db.run.findUniqueOrThrow({ where: { id: runId } });
  expect(run.endedAt?.getTime()).toBe(endedAt);
  const conflicts = await h.db.conflict.findMany({ where: { runId } });
  expect(conflicts.length).toBeGreaterThan(0);
  for (const conflict of conflicts) expect(conflict.at.getTime()).toBe(touchedAt);
  for (const time of [run.endedAt, ...reports.map((r) => r.at), ...conflicts.map((c) => c.at)])
    expect(time?.getTime()).toBeLessThan(backAt);
});
