// What agents say, with fake agents: progress, status and blockers from their lines and from the API, every line
// pushed to the log room, a ::touch in another track's scope pausing the loser, and progress that counts while the
// database is down.
import { afterEach, describe, expect, it } from "vitest";
import { outageStore, outageWrites } from "./fakes";
import { createHarness, type Harness, settle, until } from "./harness";
import { LIVE_LINES_PER_SECOND } from "./live-log";

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function running(): Promise<Harness> {
  h = await createHarness();
  await h.start(`name: reports
ram:
  budget: 1GB
tracks:
  - key: A
    priority: critical
    ram: 100MB
    scope: ["src/a/**"]
    command: a
  - key: B
    ram: 100MB
    scope: ["src/b/**"]
    command: b
`);
  await h.tick();
  expect(h.statuses()).toEqual({ A: "running", B: "running" });
  return h;
}

describe("reports", () => {
  it("turns ::progress, ::status and ::blocker lines into the track's state and events", async () => {
    const run = await running();
    const a = run.launcher.latest("A");
    a.say("::progress 40");
    a.say("::status at-risk");
    a.say("::blocker high waiting for the API key");
    a.say("an ordinary line", "stderr");
    const harness = run;
    await until(() => harness.events().some((e) => e.kind === "blocker:raised"));
    expect(run.track("A")).toMatchObject({ progress: 40, reportStatus: "at-risk" });
    expect(run.track("A").blockers).toMatchObject([{ blocker: "waiting for the API key", severity: "high" }]);
    // One event per blocker, from the board (no second one per mention).
    expect(
      run
        .events()
        .filter((e) => e.kind.includes("blocker"))
        .map((e) => e.message),
    ).toEqual(["Blocker #1 on track A: waiting for the API key"]);
    const logLines = run.emitter.sent.filter((s) => s.event === "log:line").map((s) => s.payload);
    expect(logLines).toContainEqual(
      expect.objectContaining({ trackKey: "A", stream: "stderr", line: "an ordinary line" }),
    );
    expect(await run.db.report.count()).toBe(3);
  });

  it("stores a burst of identical lines once, not a row per line", async () => {
    const run = await running();
    const a = run.launcher.latest("A");
    for (let i = 0; i < 2000; i++) a.say("::progress 50");
    a.say("::progress 60");
    a.say("::progress 50");
    const harness = run;
    await until(() => harness.track("A").progress === 50 && harness.emitter.sent.length > 0);
    await settle();
    // What the lines said, in order: 50, 60, 50.
    expect(await run.db.report.count()).toBe(3);
  });

  it("pushes a chatty agent's lines to the live log at a bounded rate, then says how many it held back", async () => {
    const run = await running();
    const a = run.launcher.latest("A");
    const live = () =>
      run.emitter.sent
        .filter((s) => s.event === "log:line")
        .map((s) => s.payload as { stream: string; line: string });
    for (let i = 0; i < 5000; i++) a.say(`line ${i}`);
    await settle();
    expect(live()).toHaveLength(LIVE_LINES_PER_SECOND);
    run.clock.advance(1000);
    a.say("a second later");
    await settle();
    expect(
      live()
        .slice(LIVE_LINES_PER_SECOND)
        .map((l) => [l.stream, l.line]),
    ).toEqual([
      [
        "system",
        `[paratrack] ${5000 - LIVE_LINES_PER_SECOND} line(s) not shown live (over ${LIVE_LINES_PER_SECOND} a second); the log file has every line`,
      ],
      ["stdout", "a second later"],
    ]);
  });

  it("takes a report through the API and answers with the track", async () => {
    const run = await running();
    const view = await run.controller.report(
      "B",
      {
        track: "B",
        progressPercent: 70,
        blockers: [{ blocker: "flaky CI", severity: "low", resolutionPlan: null }],
      },
      "api",
      "lead",
    );
    expect(view).toMatchObject({
      key: "B",
      progress: 70,
      blockers: [{ blocker: "flaky CI", severity: "low" }],
    });
  });

  it("makes one event per blocker, not one per report that repeats the track's list", async () => {
    const run = await running();
    const report = {
      track: "B",
      blockers: [{ blocker: "flaky CI", severity: "low" as const, resolutionPlan: null }],
    };
    await run.controller.report("B", report, "api", "agent");
    await run.controller.report("B", { ...report, progressPercent: 10 }, "cli", "agent");
    await run.controller.report("B", { ...report, progressPercent: 20 }, "api", "lead");
    const harness = run;
    await until(() => harness.events().some((e) => e.kind === "blocker:raised"));
    await settle();
    expect(
      run
        .events()
        .filter((e) => e.kind.includes("blocker"))
        .map((e) => e.kind),
    ).toEqual(["blocker:raised"]);
    expect(await run.db.report.count()).toBe(3);
  });

  it("takes the lead's progress as the track's, but only its agent's as the pace its end is projected from", async () => {
    const run = await running();
    const pace = () =>
      run.controller
        .activeRun()!
        .tracks.get("B")!
        .progressCurve?.map(([, percent]) => percent);
    await run.controller.report("B", { track: "B", progressPercent: 80 }, "api", "lead");
    expect(run.track("B").progress).toBe(80);
    expect(pace()).toEqual([]);
    await run.controller.report("B", { track: "B", progressPercent: 30 }, "cli", "agent");
    expect(run.track("B").progress).toBe(30);
    expect(pace()).toEqual([30]);
    const b = run.launcher.latest("B");
    b.say("::progress 40");
    await until(() => run.track("B").progress === 40);
    expect(pace()).toEqual([30, 40]);
  });

  it("pauses the losing track when an agent touches another track's scope, once per path", async () => {
    const run = await running();
    const a = run.launcher.latest("A");
    a.say("::touch src/b/shared.ts");
    const harness = run;
    await until(() => harness.track("B").status === "paused");
    a.say("::touch src/b/shared.ts");
    await settle();
    expect(run.track("B")).toMatchObject({ status: "paused", pausedBy: "conflict" });
    expect(run.launcher.latest("B").calls).toEqual(["pause"]);
    expect(run.events().filter((e) => e.kind === "conflict:detected")).toHaveLength(1);
    const [conflict] = await run.db.conflict.findMany();
    expect(conflict).toMatchObject({ kind: "overlapping-work", trackKeys: "A,B", status: "resolved" });
  });
});

describe("reports on finished tracks", () => {
  it("refuses a report on a finished track with the reason (409) and keeps the lead's and the agent's reports", async () => {
    const run = await running();
    await run.controller.report(
      "B",
      {
        track: "B",
        status: "blocked",
        progressPercent: 30,
        blockers: [{ blocker: "staging database down", severity: "high", resolutionPlan: null }],
      },
      "api",
      "lead",
    );
    const b = run.launcher.latest("B");
    b.say("::progress 60");
    const harness = run;
    await until(() => harness.track("B").progress === 60);
    // The agent's progress line does not undo the lead's status: only a report that states a status does.
    expect(run.track("B").reportStatus).toBe("blocked");
    const rows = await run.db.report.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.source, r.status, r.progress])).toEqual([
      ["api", "blocked", 30],
      ["stdout", null, 60],
    ]);

    b.exit(0);
    await until(() => harness.track("B").status === "completed" || harness.track("B").status === "failed");
    const refused = run.controller.report("B", { track: "B", progressPercent: 90 }, "api", "lead");
    await expect(refused).rejects.toMatchObject({ status: 409 });
    await expect(refused).rejects.toThrow(/track B is (completed|failed): it takes no more progress reports/);
    expect(await run.db.report.count()).toBe(2);
  });
});

describe("reports while the database is down", () => {
  it("moves the track's progress in memory and in its pushes at once, and stores the reports when it is back", async () => {
    const outage = { down: false, failOn: null as string | null };
    const writes = outageWrites();
    h = await createHarness({ wrapStore: outageStore(outage), writes });
    await h.start(`name: outage
ram: { budget: 1GB }
tracks:
  - key: Z
    ram: 100MB
    command: z
`);
    await h.tick();
    expect(h.track("Z").status).toBe("running");
    const z = h.launcher.latest("Z");
    z.say("::progress 4");
    const harness = h;
    await until(() => harness.track("Z").progress === 4);

    outage.down = true;
    z.say("::progress 20");
    z.say("::progress 34");
    await settle();
    expect(writes.isAvailable()).toBe(false);
    // The owner's views (GET /api/tracks reads the live run) and its pushes follow the agent's lines.
    expect(h.track("Z").progress).toBe(34);
    const pushed = h.emitter.sent
      .filter((s) => s.event === "track:updated")
      .map((s) => s.payload as { key: string; progress: number });
    expect(pushed.at(-1)).toMatchObject({ key: "Z", progress: 34 });
    // The pace the projection uses too.
    expect(
      h.controller
        .activeRun()
        ?.tracks.get("Z")
        ?.progressCurve?.map(([, percent]) => percent),
    ).toEqual([4, 20, 34]);

    outage.down = false;
    await writes.flush();
    expect(writes.isAvailable()).toBe(true);
    const rows = await h.db.report.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => r.progress)).toEqual([4, 20, 34]);
    expect((await h.db.track.findFirst({ where: { key: "Z" } }))?.progress).toBe(34);
  });
});
