// After a restart the previous server's run is taken over: live agents are re-attached, an agent that ended while
// no server ran gets its recorded exit at its own time, one that vanished is interrupted and its track queued again,
// and the run goes on. Fake agents (they outlive a "crashed" controller, as real ones outlive the server).
import { isDeepStrictEqual } from "node:util";
import { afterEach, expect, it } from "vitest";
import { listRunAgents } from "../../db/agents";
import { listRunEvents } from "../../db/events";
import { countAgentReports, listReports } from "../../db/reports";
import { getRun } from "../../db/runs";
import { listTracks } from "../../db/tracks";
import { createHarness, type Harness, until } from "./harness";

let h: Harness | null = null;

/** Waits (up to 5 s) until read() gives `expected`, as background writes land; then checks it. */
async function eventually<T>(read: () => Promise<T>, expected: T): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!isDeepStrictEqual(await read(), expected) && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await read()).toEqual(expected);
}
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const PLAN = `name: durable
ram:
  budget: 1GB
maxConcurrent: 3
tracks:
  - key: A
    ram: 100MB
    command: a
  - key: B
    ram: 100MB
    command: b
  - key: C
    ram: 100MB
    dependsOn: [A]
    command: c
`;

it("re-attaches live agents: same processes, paused stays paused, and the run goes on to its end", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  expect(h.statuses()).toEqual({ A: "running", B: "running", C: "pending" });
  await h.controller.leadAction("B", "pause");
  const a = h.launcher.latest("A");
  const b = h.launcher.latest("B");
  a.say("::progress 40");
  await until(() => h!.track("A").progress === 40);

  const summary = await h.restart();
  expect(summary).toEqual({ runId, reattached: 2, endedWhileDown: 0, interrupted: 0 });
  expect(h.statuses()).toEqual({ A: "running", B: "paused", C: "pending" });
  expect(h.track("B").pausedBy).toBe("lead");
  // The stored state is the truth: B's processes are made stopped (again), A's not.
  expect(b.calls.at(-1)).toBe("pause");
  expect(h.track("A").progress).toBe(40);
  expect(h.launcher.agents).toHaveLength(2); // nothing started anew
  const [reattached] = await listRunEvents(h.db, runId, ["run:reattached"]);
  expect(reattached?.details).toMatchObject({ reattached: 2, endedWhileDown: 0, interrupted: 0 });

  // Lines after the restart reach the new server; exits too, and the plan moves on.
  a.say("::progress 90");
  await until(() => h!.track("A").progress === 90);
  a.exit(0);
  await until(() => h!.statuses().A === "completed");
  await h.tick();
  expect(h.statuses().C).toBe("running");
  await h.controller.leadAction("B", "resume");
  b.exit(0);
  h.launcher.latest("C").exit(0);
  await until(() => Object.values(h!.statuses()).every((s) => s === "completed"));
  await until(() => h!.controller.activeRun()?.finished === true);
  expect((await getRun(h.db, runId))?.status).toBe("completed");
});

it("an agent that ended while no server ran gets its exit at its own time; one that vanished is interrupted and queued again", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  const b = h.launcher.latest("B");
  const endedAt = h.clock.now() - 500;
  await h.restart(() => {
    // While the server is down: A finishes; B's record points at a process that no longer exists.
    a.exit(0, null, endedAt);
    h!.launcher.agents.splice(h!.launcher.agents.indexOf(b), 1);
  });
  // A: completed as of its own end; B: interrupted, so started again (a new attempt).
  await until(() => h!.statuses().A === "completed");
  const tracks = await listTracks(h.db, runId);
  expect(tracks.find((t) => t.key === "A")?.endedAt?.getTime()).toBe(endedAt);
  await h.tick();
  await until(() => h!.track("B").attempts === 2);
  expect(h.statuses()).toMatchObject({ A: "completed", B: "running", C: "running" });
  const agents = await listRunAgents(h.db, runId);
  const firstB = agents.find((x) => x.name === "B" && x.attempt === 1);
  expect(firstB?.interrupted).toMatch(/no fake agent|vanished|interrupted|identity/);
  const kinds = (await listRunEvents(h.db, runId, ["run:reattached", "track:interrupted"])).map(
    (e) => e.kind,
  );
  expect(kinds).toEqual(["run:reattached", "track:interrupted"]);
});

it("counts each progress line once across a restart, even when lines are read again", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  for (let i = 1; i <= 50; i++) a.say(`::done item ${i}`);
  await until(() => h!.track("A").progress >= 0);
  const [agentRow] = (await listRunAgents(h.db, runId)).filter((x) => x.name === "A");
  await until(() => true);
  await h.restart();
  for (let i = 51; i <= 100; i++) a.say(`::done item ${i}`);
  await until(() => h!.launcher.agents.length > 0);
  // Reports are stored under the lock, in the background: wait until the last one is in.
  const deadline = Date.now() + 5_000;
  while ((await countAgentReports(h.db, agentRow!.id)) < 100 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 20));
  expect(await countAgentReports(h.db, agentRow!.id)).toBe(100);
});

it("lines written while no server ran keep their own time, not the time they were read", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  const trackId = (await listTracks(h.db, runId)).find((t) => t.key === "A")!.id;
  let writtenAt = 0;
  await h.restart(() => {
    h!.clock.advance(5_000);
    writtenAt = h!.clock.now();
    a.say("::progress 40", "stdout", writtenAt);
    h!.clock.advance(20_000); // the server comes back later
  });
  await until(() => h!.track("A").progress === 40);
  const reports = () => listReports(h!.db, trackId, 10);
  await eventually(
    async () => (await reports()).find((r) => r.report.progressPercent === 40)?.at,
    new Date(writtenAt).toISOString(),
  );
});

it("a shim that took over a running agent is stored, and a restart adopts the agent through it", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  const storedShim = async () =>
    (await listRunAgents(h!.db, runId)).find((row) => row.pid === a.pid)?.identity?.shimPid;
  const waitForStoredShim = (shimPid: number) => eventually(storedShim, shimPid);
  const first = a.identity!.shimPid;
  await waitForStoredShim(first);

  a.replaceShim();
  const second = a.identity!.shimPid;
  expect(second).not.toBe(first);
  await waitForStoredShim(second);

  // The next server finds the agent by the shim that serves it now, and stores the one after that too.
  await h.restart();
  expect(a.adoptedBy?.identity.shimPid).toBe(second);
  a.replaceShim();
  await waitForStoredShim(a.identity!.shimPid);
  expect(h.statuses().A).toBe("running");
});

it("notes on an agent's log become events, for an agent this server started and for an adopted one", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  const notices = async () =>
    (await listRunEvents(h!.db, runId, ["agent:log"])).map((event) => event.details?.notice);
  const waitForNotices = (expected: string[]) => eventually(notices, expected);
  a.notice("its paratrack-shim (pid 1) was gone; pid 2 took over its output");
  await waitForNotices(["its paratrack-shim (pid 1) was gone; pid 2 took over its output"]);
  await h.restart();
  a.notice("log truncated under the shim");
  await waitForNotices([
    "its paratrack-shim (pid 1) was gone; pid 2 took over its output",
    "log truncated under the shim",
  ]);
});

it("knows the report tokens its predecessor gave to agents that live on, each for its own track only", async () => {
  h = await createHarness();
  await h.start(PLAN);
  await h.tick();
  const tokenOf = (key: string) => h!.launcher.latest(key).launchedWith.env?.PARATRACK_REPORT_TOKEN ?? "";
  const [a, b] = [tokenOf("A"), tokenOf("B")];
  expect(a).not.toBe(b);
  expect(h.controller.reportTokenScope(a)).toEqual({ track: "A" });

  await h.restart();
  expect(h.controller.reportTokenScope(a)).toEqual({ track: "A" });
  expect(h.controller.reportTokenScope(b)).toEqual({ track: "B" });
  expect(h.controller.reportTokenScope("not-a-token")).toBeNull();
  // Agents started after the restart get this server's tokens; the old ones still count.
  await h.controller.leadAction("A", "restart");
  await until(() => h!.launcher.latest("A").launchedWith.env?.PARATRACK_REPORT_TOKEN !== a);
  expect(h.controller.reportTokenScope(tokenOf("A"))).toEqual({ track: "A" });
  expect(h.controller.reportTokenScope(a)).toEqual({ track: "A" });
});

it("keeps an earlier server's report tokens only for tracks whose agents live on: restarts do not pile them up", async () => {
  h = await createHarness();
  const { runId } = await h.start(PLAN);
  await h.tick();
  const tokenOf = (key: string) => h!.launcher.latest(key).launchedWith.env?.PARATRACK_REPORT_TOKEN ?? "";
  const [a, b] = [tokenOf("A"), tokenOf("B")];
  h.launcher.latest("A").exit(0);
  await until(() => h!.statuses().A === "completed");
  await h.tick();
  expect(h.statuses().C).toBe("running");
  const c = tokenOf("C");

  await h.restart();
  await h.restart();
  const stored = ((await getRun(h.db, runId))?.reportTokenHash ?? "").split(",");
  const perTrack = (key: string) => stored.filter((entry) => entry.startsWith(`${key}:`)).length;
  // A ended before the first restart: only the latest server's entry. B and C live on: one per server.
  expect([perTrack("A"), perTrack("B"), perTrack("C")]).toEqual([1, 3, 3]);
  expect(h.controller.reportTokenScope(a)).toBeNull();
  expect(h.controller.reportTokenScope(b)).toEqual({ track: "B" });
  expect(h.controller.reportTokenScope(c)).toEqual({ track: "C" });
});

it("a run not taken over (a newer one was still running) gets its live agents stopped and named, not left running", async () => {
  h = await createHarness();
  const { runId: olderId } = await h.start(PLAN);
  await h.tick();
  const a = h.launcher.latest("A");
  const b = h.launcher.latest("B");
  const olderAgents = h.launcher.agents.length;
  // A second run started beside it (two starts that raced, before starts were serialised): stored, never launched.
  const other = await createHarness({ dir: h.dir });
  await new Promise((resolve) => setTimeout(resolve, 5)); // a later startedAt than the first run's
  const { runId: newerId } = await other.start(PLAN.replace("name: durable", "name: newer"));
  await other.controller.halt();
  await other.db.$disconnect();

  // While no server runs, B ends by itself; A runs on.
  await h.restart(() => b.exit(0));
  // The newer run is taken over; the older one's live agent got the stop a lead's stop sends, and every agent of it
  // is stored as ended (B with its own exit).
  expect(h.controller.activeRun()?.id).toBe(newerId);
  expect(a.calls).toContain("stop");
  expect(a.state).toBe("exited");
  expect(b.calls).not.toContain("stop");
  expect(h.launcher.agents.slice(0, olderAgents).every((agent) => agent.state === "exited")).toBe(true);
  expect((await getRun(h.db, olderId))?.status).toBe("stopped");
  await eventually(
    async () => (await listRunAgents(h!.db, olderId)).filter((row) => row.endedAt === null).length,
    0,
  );
  const rows = await listRunAgents(h.db, olderId);
  expect(rows.find((row) => row.name === "B")).toMatchObject({ exitCode: 0, interrupted: null });
  expect(rows.find((row) => row.name === "A")).toMatchObject({ signal: "SIGTERM" });
  const orphans = await listRunEvents(h.db, olderId, ["agent:orphans"]);
  expect(orphans.map((e) => e.details?.agent)).toEqual(["A"]);
  expect(orphans[0]?.message).toMatch(/a newer run was still running; stopped: pid \d+ ended with SIGTERM/);
  const [ended] = await listRunEvents(h.db, olderId, ["run:ended"]);
  expect(ended?.message).toBe('Run "durable" was stopped: a newer run was still running');
});
