// Every restart Paratrack makes resumes the agent's session when it has a resume command and a session: a
// stop-and-requeue under Red, the lead's restart, the lead's pause that frees memory; without a session (or
// without a resume command) the plan's own command runs. Fake agents and clock; the commands are what the launcher got.
import { afterEach, expect, it } from "vitest";
import { listRunAgents } from "../../db/agents";
import { createRetroService } from "../retro-service";
import { fakeEngine } from "../service-fixtures";
import { createTrackQueries } from "../track-queries";
import { createHarness, type Harness, until } from "./harness";

const MB = 1e6;
let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const plan = `name: resume
ram:
  budget: 1GB
  graceSeconds: 2
  settleSeconds: 1
maxConcurrent: 4
tracks:
  - key: A
    priority: critical
    ram: 300MB
    agents:
      - name: coder
        command: agent --task refactor
        resume: agent --resume {session}
  - key: B
    priority: low
    ram: 300MB
    agents:
      - name: writer
        command: writer --task docs
        resume: writer --resume {session}
  - key: C
    ram: 100MB
    agents:
      - name: plain
        command: plain-agent
`;

async function started(): Promise<Harness> {
  h = await createHarness();
  await h.start(plan);
  await h.tick();
  await h.tick();
  return h;
}

it("a stop-and-requeue under Red and the lead's restart resume the session; a new session id is used next time", async () => {
  const run = await started();
  const writer = run.launcher.latest("B");
  expect(writer.command).toBe("writer --task docs");
  writer.say("::session 11111111-aaaa-4bbb-8ccc-222222222222");
  writer.say("::progress 20");
  await until(() => run.controller.activeRun()!.tracks.get("B")!.sessions.size === 1);
  await until(() => run.track("B").progress === 20);

  // Red: everything non-critical paused; past the grace the low-priority B is stopped and requeued.
  run.launcher.latest("A").bytes = 450 * MB;
  writer.bytes = 450 * MB;
  for (let i = 0; i < 4 && run.track("B").attempts < 2; i++) await run.tick();
  expect(run.track("B").exitSummary).toMatch(/^requeued: Red zone/);
  // The governor's reason says B will resume (it has a resume command and a session), not start over.
  expect(run.track("B").exitSummary).toContain("requeueing it to resume its agents' sessions");
  expect(run.track("B").exitSummary).not.toContain("from the beginning");
  // B learned a 450 MB peak: it starts again once A has finished and freed its share.
  run.launcher.latest("A").exit(0);
  for (let i = 0; i < 10 && run.track("B").attempts < 2; i++) await run.tick();
  expect(run.track("B").attempts).toBe(2);
  const resumed = run.launcher.latest("B");
  expect(resumed).not.toBe(writer);
  expect(resumed.command).toBe("writer --resume 11111111-aaaa-4bbb-8ccc-222222222222");
  // Its session goes on: so does its progress, until it reports anew (a fresh start would read 0 %).
  expect(run.track("B").progress).toBe(20);
  expect(run.track("B").progressAtAttemptStart).toBe(20); // the Gantt paces it by what it makes from here

  // Resuming minted a new session: the lead's restart resumes that one.
  resumed.say("::session 33333333-aaaa-4bbb-8ccc-444444444444");
  await until(
    () => run.controller.activeRun()!.tracks.get("B")!.sessions.get("writer")?.startsWith("3333") === true,
  );
  await run.controller.leadAction("B", "restart");
  expect(run.launcher.latest("B").command).toBe("writer --resume 33333333-aaaa-4bbb-8ccc-444444444444");

  const modes = (await listRunAgents(run.db, run.controller.activeRun()!.id))
    .filter((a) => a.name === "writer")
    .map((a) => [a.attempt, a.mode, a.command]);
  expect(modes).toEqual([
    [1, "start", "writer --task docs"],
    [2, "resume", "writer --resume 11111111-aaaa-4bbb-8ccc-222222222222"],
    [3, "resume", "writer --resume 33333333-aaaa-4bbb-8ccc-444444444444"],
  ]);
  // The track page says how each attempt ended: not "killed by SIGTERM" like a crash.
  const detail = await createTrackQueries(run.db, run.controller).trackDetail("B");
  expect(detail.agents.map((a) => [a.attempt, a.attemptEnding])).toEqual([
    [3, null],
    [2, "restarted"],
    [1, "requeued"],
  ]);
  const exits = detail.events.filter((e) => e.kind === "agent:exited").map((e) => e.message);
  expect(exits).toEqual(
    expect.arrayContaining([
      expect.stringMatching(
        /^Agent writer of track B: stopped and queued again \((SIGTERM|exit code \d+)\)$/,
      ),
      expect.stringMatching(/^Agent writer of track B: stopped for a restart \((SIGTERM|exit code \d+)\)$/),
    ]),
  );
  expect(exits.join("\n")).not.toContain("killed by");
});

it("without a session, or without a resume command, a restart runs the plan's own command", async () => {
  const run = await started();
  await run.controller.leadAction("A", "restart");
  expect(run.launcher.latest("A").command).toBe("agent --task refactor");
  run.launcher.latest("C").say("::session 55555555-aaaa-4bbb-8ccc-666666666666");
  await run.controller.leadAction("C", "restart");
  expect(run.launcher.latest("C").command).toBe("plain-agent");
});

it("the lead's pause that frees memory ends the agents, stays paused, and resuming starts them with their session", async () => {
  const run = await started();
  const coder = run.launcher.latest("A");
  coder.say("::session 77777777-aaaa-4bbb-8ccc-888888888888");
  await until(() => run.controller.activeRun()!.tracks.get("A")!.sessions.size === 1);
  await run.tick(60_000); // a minute of work before the pause
  const view = await run.controller.leadAction("A", "pause", { pauseMode: "free-memory" });
  expect(view).toMatchObject({ status: "paused", pausedBy: "lead" });
  expect(coder.calls).toContain("stop");
  expect(coder.state).toBe("exited");
  // The governor never resumes what the lead paused, memory freed or not.
  for (let i = 0; i < 3; i++) await run.tick();
  expect(run.track("A").status).toBe("paused");

  await run.controller.leadAction("A", "resume");
  expect(run.track("A")).toMatchObject({ status: "running", attempts: 2 });
  expect(run.launcher.latest("A").command).toBe("agent --resume 77777777-aaaa-4bbb-8ccc-888888888888");
  // The first attempt ended to free memory, its pause was resumed: the page still says how it ended.
  const detail = await createTrackQueries(run.db, run.controller).trackDetail("A");
  expect(detail.agents.map((a) => [a.attempt, a.attemptEnding])).toEqual([
    [2, null],
    [1, "checkpointed"],
  ]);
  // The lead's pause is an event of its own, as a pause by signal is, and says who paused it.
  const paused = detail.events.filter((e) => e.kind === "track:paused");
  expect(paused).toEqual([
    expect.objectContaining({
      actor: "lead",
      message: expect.stringMatching(/^Track A paused by the lead, memory freed: its agents ended; resuming/),
    }),
  ]);
  // Said once the agents had ended, when the paused span began: the retrospective gives that pause its reason.
  const runId = run.controller.activeRun()!.id;
  const retro = await createRetroService(fakeEngine(run.db, { runId })).retrospective(runId);
  expect(retro.pauses.filter((p) => p.trackKey === "A")).toEqual([
    expect.objectContaining({
      by: expect.stringMatching(/lead/),
      reason: expect.stringContaining("memory freed"),
    }),
  ]);

  // Attempt 2 carries on attempt 1's session: the minute before the pause is the track's work too, so "time saved"
  // does not count A as only its last attempt's 30 s (the lead's pause in between is no work).
  await run.tick(30_000);
  run.launcher.latest("A").exit(0);
  await until(() => run.track("A").status === "completed");
  const a = run.controller.activeRun()!.tracks.get("A")!;
  expect(a.carriedRunningMs).toBeGreaterThanOrEqual(60_000);
  const ended = await createRetroService(fakeEngine(run.db, { runId })).retrospective(runId);
  const row = ended.tracks.find((t) => t.key === "A");
  expect(row?.durationMs).toBeGreaterThanOrEqual(90_000);
  expect(row?.durationMs).toBeLessThan(91_000 + 3 * 1_000);
});

it("a pause that frees memory is refused for agents that would start over, unless the start over is asked for", async () => {
  const run = await started();
  run.launcher.latest("C").say("::progress 40");
  await until(() => run.track("C").progress === 40);
  // C's agent has no resume command; B's has one but has reported no session yet.
  await expect(run.controller.leadAction("C", "pause", { pauseMode: "free-memory" })).rejects.toMatchObject({
    status: 409,
    message: expect.stringMatching(
      /^track C: pausing to free memory ends its agents, and plain has no resume command: resuming would start over from the beginning \(40 % done now\)\. Pause without freeing memory .*--free-memory --start-over\)$/,
    ),
  });
  await expect(run.controller.leadAction("B", "pause", { pauseMode: "free-memory" })).rejects.toThrow(
    "writer has reported no session yet",
  );
  expect([run.track("C").status, run.track("B").status]).toEqual(["running", "running"]);
  expect(run.launcher.latest("C").calls).not.toContain("stop");

  const paused = await run.controller.leadAction("C", "pause", { pauseMode: "free-memory", startOver: true });
  expect(paused).toMatchObject({ status: "paused", pausedBy: "lead" });
  expect(run.launcher.latest("C").calls).toContain("stop");
});

it("a resumed attempt's starting progress outlives a server restart (the Gantt paces it from there)", async () => {
  const run = await started();
  const coder = run.launcher.latest("A");
  coder.say("::session 99999999-aaaa-4bbb-8ccc-000000000000");
  coder.say("::progress 30");
  await until(() => run.track("A").progress === 30 && run.track("A").attempts === 1);
  await until(() => run.controller.activeRun()!.tracks.get("A")!.sessions.size === 1);
  await run.controller.leadAction("A", "pause", { pauseMode: "free-memory" });
  await run.controller.leadAction("A", "resume");
  expect(run.track("A")).toMatchObject({ attempts: 2, progress: 30, progressAtAttemptStart: 30 });
  await run.restart();
  expect(run.track("A")).toMatchObject({ attempts: 2, progressAtAttemptStart: 30 });
  // A track that started over starts from 0, stored as such.
  expect(run.track("C").progressAtAttemptStart).toBe(0);
});
