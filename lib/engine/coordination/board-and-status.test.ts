// The blockers board and the daily status, with fake agents over a real repository: ::blocker lines and reports on
// the board (a critical one blocks the track and alerts), and the seed's YAML from reports merged with telemetry.
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { startWebhookReceiver } from "../../../test/support/webhook-receiver";
import { parseDailyStatus } from "../../domain/coordination/daily-status";
import { formatDailyStatusYaml } from "../../domain/coordination/daily-status-build";
import { until } from "../run/harness";
import { type CoordinationFixture, startTracks, startWithRepo } from "./test-fixture";

let f: CoordinationFixture | null = null;
afterEach(async () => {
  await f?.dispose();
  f = null;
});

const PLAN = `  - key: A
    ram: 100MB
    scope: ["src/**"]
    model: { local: "codellama:7b" }
    test: "true"
    command: a
`;

describe("blockers board", () => {
  it("puts ::blocker lines and reports on the board; a critical one blocks the track and alerts; the lead resolves", async () => {
    f = await startWithRepo(PLAN);
    await startTracks(f, ["A"]);
    const agent = f.h.launcher.latest("A");
    agent.say("::blocker high waiting for the API key");
    agent.say("::blocker critical the staging database is down");
    const harness = f.h;
    await until(() => harness.track("A").reportStatus === "blocked");
    const rows = await f.h.db.blocker.findMany({ orderBy: { number: "asc" } });
    expect(rows.map((r) => [r.number, r.severity, r.blocker, r.source, r.resolvedAt])).toEqual([
      [1, "high", "waiting for the API key", "log-line", null],
      [2, "critical", "the staging database is down", "log-line", null],
    ]);
    const alert = f.h.events().find((e) => e.kind === "blocker:raised" && e.message.startsWith("ALERT"));
    expect(alert?.message).toBe("ALERT: critical blocker #2 on track A: the staging database is down");

    // A full report lists the track's blockers: the one it no longer names is resolved.
    await f.h.controller.report(
      "A",
      {
        track: "A",
        blockers: [
          { blocker: "the staging database is down", severity: "critical", resolutionPlan: "ops paged" },
        ],
      },
      "api",
      "lead",
    );
    await expect
      .poll(() => f!.h.db.blocker.findMany({ orderBy: { number: "asc" } }))
      .toMatchObject([{ resolvedBy: "report" }, { resolvedAt: null, resolutionPlan: "ops paged" }]);

    const resolved = await f.h.controller.coordination.resolveBlocker(2);
    expect(resolved).toMatchObject({ resolvedBy: "lead" });
    await until(() => harness.track("A").reportStatus === null);
    await expect(f.h.controller.coordination.resolveBlocker(2)).rejects.toThrow(
      "blocker #2 is already resolved (by the lead)",
    );
    await expect(f.h.controller.coordination.resolveBlocker(9)).rejects.toThrow(/no blocker #9/);
  });
});

describe("a board that fills up", () => {
  it("keeps 50 open blockers per severity of a track that prints a new one per line, says so once, keeps the critical one", async () => {
    f = await startWithRepo(PLAN);
    await startTracks(f, ["A"]);
    const agent = f.h.launcher.latest("A");
    for (let i = 1; i <= 70; i++) agent.say(`::blocker medium test ${i} failed`);
    agent.say("::blocker critical the staging database is down");
    const harness = f.h;
    await until(() => harness.events().filter((e) => e.kind === "blocker:raised").length === 51, 20_000);
    await expect.poll(() => f!.h.db.blocker.count()).toBe(51);
    await expect.poll(() => f!.h.db.report.count()).toBe(71); // every line is kept as a report
    // 71 lines, 51 events: the 20 the full board does not keep are said once (below), not one event each.
    expect(f.h.events().filter((e) => e.kind === "track:blocker")).toEqual([]);
    await until(() => harness.track("A").reportStatus === "blocked");
    expect(f.h.events().filter((e) => e.kind === "blocker:raised")).toHaveLength(51);
    const said = () => harness.events().filter((e) => e.kind === "blocker:dropped");
    expect(said()).toHaveLength(1);
    expect(said()[0]!.message).toBe(
      "Track A has 50 open medium blockers: new medium ones are not kept on the board until some are resolved (they stay in its log)",
    );
    // Room again after the lead resolves one: the next one is kept, and a later overflow is said again.
    await f.h.controller.coordination.resolveBlocker(1);
    agent.say("::blocker medium test 71 failed");
    agent.say("::blocker medium test 72 failed");
    await until(() => said().length === 2);
    await expect.poll(() => f!.h.db.blocker.count()).toBe(52);
  });
});

describe("critical blockers and the plan's webhook", () => {
  it("posts a blocker raised as critical, and one that becomes critical, never a lesser one", async () => {
    const receiver = await startWebhookReceiver();
    const { received } = receiver;
    try {
      f = await startWithRepo(PLAN, {
        header: `notify:\n  webhook: ${receiver.url("/hooks/secret-path-token")}\n`,
      });
      await startTracks(f, ["A"]);
      const agent = f.h.launcher.latest("A");
      agent.say("::blocker high waiting for the API key");
      agent.say("::blocker critical the staging database is down");
      await until(() => received.length === 1);
      expect(received[0]).toMatchObject({
        event: "blocker.critical",
        text: "Paratrack: critical blocker #2 on track A (A): the staging database is down",
        track: { key: "A" },
        blocker: { number: 2, text: "the staging database is down", severity: "critical" },
      });
      // The high one becomes critical in a full report: a second notice; the one already critical is not sent again.
      await f.h.controller.report(
        "A",
        {
          track: "A",
          blockers: [
            { blocker: "waiting for the API key", severity: "critical", resolutionPlan: "ask the lead" },
            { blocker: "the staging database is down", severity: "critical", resolutionPlan: null },
          ],
        },
        "api",
        "lead",
      );
      await until(() => received.length === 2);
      expect(received[1]).toMatchObject({
        blocker: { number: 1, severity: "critical", resolutionPlan: "ask the lead" },
      });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(received).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  });
});

describe("daily status", () => {
  it("merges the day's reports with telemetry into the seed's YAML, which parses back to the same document", async () => {
    f = await startWithRepo(PLAN);
    await startTracks(f, ["A"]);
    f.write("A", "src/parser.ts", "export const parse = 1;\n");
    // Dated by the run's (fake) clock, so it falls on the status's day.
    f.commit("A", "parser: first cut", f.h.clock.now());
    await f.poll();
    await f.h.controller.report(
      "A",
      {
        track: "A",
        status: "on-track",
        progressPercent: 40,
        completedToday: ["parser skeleton"],
        plannedTomorrow: ["error recovery"],
        blockers: [{ blocker: "flaky CI", severity: "low", resolutionPlan: "retry" }],
      },
      "api",
      "lead",
    );
    await f.h.tick(60_000);
    const today = f.h.controller.coordination.today();
    const [view] = await f.h.controller.coordination.generateStatus();
    expect(view).toMatchObject({ trackKey: "A", date: today, trigger: "demand" });
    const doc = view!.document;
    expect(doc).toMatchObject({
      date: today,
      track: "A",
      agent: "A",
      status: "on-track",
      progress_percent: 40,
      planned_tomorrow: ["error recovery"],
      blockers: [{ blocker: "flaky CI", severity: "low", resolution_plan: "retry" }],
      resource_usage: { model: "codellama:7b" },
    });
    expect(doc.completed_today).toEqual([
      "parser skeleton",
      "git: 1 commit, 1 file changed (+1 −0): parser: first cut",
    ]);
    expect(doc.resource_usage.duration_hours).toBeGreaterThan(0);

    // Round trip: the YAML parses back to the same object, and validates as the seed's daily status.
    const yaml = formatDailyStatusYaml([doc]);
    expect(parse(yaml)).toEqual(doc);
    expect(Object.keys(parse(yaml))).toEqual([
      "date",
      "track",
      "agent",
      "status",
      "progress_percent",
      "completed_today",
      "planned_tomorrow",
      "blockers",
      "resource_usage",
    ]);
    expect(parseDailyStatus(parse(yaml)).ok).toBe(true);

    // Stored by day, once per track and day (a second generation replaces it).
    await f.h.controller.coordination.generateStatus();
    const rows = await f.h.db.dailyStatus.findMany();
    expect(rows.map((r) => [r.trackKey, r.date])).toEqual([["A", today]]);
    expect(f.h.events().filter((e) => e.kind === "status:generated")).toHaveLength(2);
  });

  it("reads the status from the schedule and the board when the agent reports none: on track, at risk, blocked", async () => {
    f = await startWithRepo(`  - key: A
    ram: 100MB
    duration: 1h
    command: a
`);
    await startTracks(f, ["A"]);
    const status = async () => (await f!.h.controller.coordination.generateStatus())[0]?.document.status;
    const agent = f.h.launcher.latest("A");
    await f.h.tick(10 * 60_000);
    // No progress figure yet, well within its hour: nothing says it is not on track.
    expect(await status()).toBe("on-track");
    // 5 % done at a sixth of its planned hour: more than 10 points behind.
    agent.say("::progress 5");
    await until(() => f!.h.track("A").progress === 5);
    expect(await status()).toBe("at-risk");
    agent.say("::progress 20");
    await until(() => f!.h.track("A").progress === 20);
    expect(await status()).toBe("on-track");
    agent.say("::blocker high waiting for the API key");
    await until(() => f!.h.track("A").blockers.length === 1);
    expect(await status()).toBe("at-risk");
    agent.say("::blocker critical the staging database is down");
    await until(() => f!.h.track("A").reportStatus === "blocked");
    expect(await status()).toBe("blocked");
  });

  it("keeps every ::next line's item until a ::done takes it off, and a blocker line's resolution plan; a whole report replaces the plan", async () => {
    f = await startWithRepo(PLAN);
    await startTracks(f, ["A"]);
    const agent = f.h.launcher.latest("A");
    const planned = async () => (await f!.h.controller.coordination.generateStatus())[0]?.document;
    for (const line of ["::next parser", "::next error recovery", "::done parser", "::next docs"])
      agent.say(line);
    agent.say("::blocker medium flaky fixture | pin its seed");
    await until(() => f!.h.track("A").blockers.length === 1);
    await expect.poll(async () => (await planned())?.planned_tomorrow).toEqual(["error recovery", "docs"]);
    expect((await planned())?.blockers).toEqual([
      { blocker: "flaky fixture", severity: "medium", resolution_plan: "pin its seed" },
    ]);
    expect((await planned())?.completed_today).toEqual(["parser"]);
    await f.h.controller.report("A", { track: "A", plannedTomorrow: ["release notes"] }, "api", "agent");
    expect((await planned())?.planned_tomorrow).toEqual(["release notes"]);
    agent.say("::next benchmarks");
    await expect
      .poll(async () => (await planned())?.planned_tomorrow)
      .toEqual(["release notes", "benchmarks"]);
  });

  it("writes the run's last day when the run ends, after its last quality gate: the cadence writes nothing then", async () => {
    f = await startWithRepo(`  - key: A
    ram: 100MB
    command: a
    test: "sleep 0.5"
`);
    await startTracks(f, ["A"]);
    f.h.launcher.latest("A").say("::progress 100");
    f.h.launcher.latest("A").exit(0);
    const harness = f.h;
    await until(() => harness.events().some((e) => e.kind === "status:generated"));
    const written = harness.events().find((e) => e.kind === "status:generated")!;
    const today = f.h.controller.coordination.today();
    expect(written.message).toBe(
      `Daily status of ${today} written for 1 track(s) (the run ended: its last day)`,
    );
    const rows = await f.h.db.dailyStatus.findMany();
    expect(rows.map((r) => [r.trackKey, r.date, r.trigger])).toEqual([["A", today, "run-end"]]);
    const doc = JSON.parse(rows[0]!.document);
    expect(doc).toMatchObject({ track: "A", status: "on-track", progress_percent: 100 });
    expect(doc.completed_today).toContain("tests: passed (sleep 0.5)");
    expect(harness.events().filter((e) => e.kind === "status:generated")).toHaveLength(1);
  });
});
