// Issue #3 end to end: the lead pauses and resumes a real track from the browser (checked in /proc), every
// open browser sees it without a reload, the track page tails the agent's log, and a malformed status report
// is refused with a visible error and changes nothing. The same buttons from a terminal: `paratrack track`.
import { execFile, spawn } from "node:child_process";
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { REPO_ROOT, type RunningServer } from "./support/server";
import {
  apiPids,
  getTrack,
  readProcStates,
  readTrackStatus,
  taggedPids,
  type WrittenPlan,
  writePlan,
} from "./support/tracks";

const TRACK_NAME = "Alpha Orchestrator"; // track A in e2e/plans/tracks.yaml

async function openOverview(browser: Browser, server: RunningServer): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.baseURL);
  // A page load, not a latency claim: the cards come after the scripts hydrate and /api/tracks answers, and with a
  // live page already open beside a neighbour spec that took over 10 s in CI (7-8 s locally beside three busy loops).
  await expect(page.getByRole("article", { name: TRACK_NAME })).toBeVisible({ timeout: 30_000 });
  return page;
}

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("tracks");
});
test.afterEach(() => plan.remove());

test("pause and resume a track from the browser: real signals, every page updated, log tail, bad reports refused", async ({
  browser,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  const server = await launchServer({ args: ["--plan", plan.file] });

  // Track A runs with its agent and the agent's child (three processes with the /bin/sh wrapper).
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  await expect.poll(() => taggedPids(server, "A").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

  const lead = await openOverview(browser, server);
  const watcher = await openOverview(browser, server);
  let watcherNavigations = 0;
  watcher.on("framenavigated", (frame) => {
    if (frame === watcher.mainFrame()) watcherNavigations++;
  });
  const leadCard = lead.getByRole("article", { name: TRACK_NAME });
  const watcherCard = watcher.getByRole("article", { name: TRACK_NAME });
  await expect(watcherCard.getByTestId("track-status")).toHaveAttribute("data-status", "running");

  // Pause from the first page.
  await leadCard.getByRole("button", { name: "Pause track A" }).click();

  // Within a few seconds every process of the track is stopped (state T), whether the API lists it or it is
  // found by the environment the agents inherit; the API must list at least the agent and its child.
  let pausedPids: number[] = [];
  await expect(async () => {
    const detail = await getTrack(request, server, "A");
    const listed = apiPids(detail);
    const tagged = taggedPids(server, "A");
    expect(listed.length, "the API lists the agent's processes").toBeGreaterThanOrEqual(2);
    expect(listed, "the API lists every process of the track").toEqual(expect.arrayContaining(tagged));
    pausedPids = [...new Set([...listed, ...tagged])];
    const states = await readProcStates(pausedPids);
    for (const pid of pausedPids) expect(states[pid], `process ${pid} in /proc`).toBe("T");
    expect(detail.status).toBe("paused");
    expect(detail.pausedBy).toBe("lead");
  }).toPass({ timeout: 5_000, intervals: [250] });

  // The second page shows it too, without a reload.
  await expect(watcherCard.getByTestId("track-status")).toHaveAttribute("data-status", "paused", {
    timeout: 3_000,
  });
  await expect(watcherCard.getByTestId("track-status")).toHaveText("Paused by lead");
  await expect(watcherCard.getByRole("button", { name: "Resume track A" })).toBeEnabled();

  // While stopped the agent does no work: its progress stands still.
  const progressWhilePaused = (await getTrack(request, server, "A")).progress;
  await lead.waitForTimeout(3_000); // a stretch of time during which nothing may change
  expect((await getTrack(request, server, "A")).progress).toBe(progressWhilePaused);
  const barWhilePaused = Number(
    await watcherCard.getByRole("progressbar", { name: "Progress of track A" }).getAttribute("aria-valuenow"),
  );

  // Resume from the first page: the processes run again, both pages say so, and progress grows again.
  await leadCard.getByRole("button", { name: "Resume track A" }).click();
  await expect(async () => {
    const states = await readProcStates(pausedPids);
    for (const pid of pausedPids) expect(states[pid], `process ${pid} in /proc`).toMatch(/^[RSD]$/);
  }).toPass({ timeout: 5_000, intervals: [250] });
  await expect(watcherCard.getByTestId("track-status")).toHaveAttribute("data-status", "running", {
    timeout: 3_000,
  });
  await expect(leadCard.getByTestId("track-status")).toHaveText("Running");
  await expect
    .poll(
      async () =>
        Number(
          await watcherCard
            .getByRole("progressbar", { name: "Progress of track A" })
            .getAttribute("aria-valuenow"),
        ),
      { timeout: 20_000, message: "the progress bar grows again after the resume" },
    )
    .toBeGreaterThan(barWhilePaused);
  expect((await getTrack(request, server, "A")).progress).toBeGreaterThan(progressWhilePaused);
  expect(watcherNavigations, "the second page was never reloaded").toBe(0);

  // The track page tails the agent's own output (ordinary lines, not only directives).
  await lead.goto(`${server.baseURL}/tracks/A`);
  const log = lead.getByRole("log", { name: "Log of track A" });
  await expect(log).toContainText(/agent \d+ on track A: 40 MB in 4 steps over 100 s/, { timeout: 15_000 });
  await expect(log).toContainText(/holding \d+ MB \(step \d\/4\)/);
  // New lines arrive live: the count of lines grows while we watch.
  const linesNow = await log.getByTestId("log-line").count();
  await expect.poll(() => log.getByTestId("log-line").count(), { timeout: 20_000 }).toBeGreaterThan(linesNow);

  // Malformed reports are refused with a visible error and change nothing.
  const leadReports = async () =>
    (await getTrack(request, server, "A")).reports.filter((r) => r.source !== "stdout");
  expect(await leadReports()).toEqual([]);
  const form = lead.getByRole("form", { name: "Submit a status report" });
  const text = form.getByRole("textbox", { name: /^Report/ });
  const submit = form.getByRole("button", { name: "Submit report" });
  const today = new Date().toISOString().slice(0, 10);
  const report = (progress: number, severity: string) =>
    [
      `date: ${today}`,
      "track: A",
      "agent: lead",
      "status: at-risk",
      `progress_percent: ${progress}`,
      "completed_today:",
      "  - e2e marker task",
      "blockers:",
      "  - blocker: waiting on the e2e marker",
      `    severity: ${severity}`,
      "",
    ].join("\n");

  for (const [bad, field] of [
    [report(140, "medium"), /progress/i],
    [report(40, "urgent"), /severity/i],
  ] as const) {
    await text.fill(bad);
    await submit.click();
    const alert = form.getByRole("alert");
    await expect(alert).toBeVisible();
    await expect(alert).toContainText("Report rejected, nothing was changed.");
    await expect(alert).toContainText(field);
    await expect(form.getByTestId("report-accepted")).toHaveCount(0);
    expect(await leadReports(), "a rejected report is not stored").toEqual([]);
    const track = await getTrack(request, server, "A");
    expect(track.reportStatus, "the rejected status did not land").not.toBe("at-risk");
    expect(track.progress).toBeLessThanOrEqual(100);
    expect(track.blockers.map((b) => b.blocker)).not.toContain("waiting on the e2e marker");
  }

  // The same form accepts a well-formed report, so the refusals above were about the content.
  await text.fill(report(40, "medium"));
  await submit.click();
  await expect(form.getByRole("status")).toContainText("Report accepted");
  await expect(form.getByRole("alert")).toHaveCount(0);
  const stored = await leadReports();
  expect(stored).toHaveLength(1);
  expect(stored[0]?.report.progressPercent).toBe(40);

  // The page's daily status is the one Paratrack would write now: the report's items with what it measured
  // (the agents' RAM peak, which no report gave), not the reports alone with resource_usage left null.
  const daily = lead.getByTestId("track-daily-status");
  await expect(daily).toContainText("e2e marker task");
  await expect(daily).toContainText(/ram_gb: \d+(\.\d+)?\n/);
  await expect(daily).toContainText(/duration_hours: \d+(\.\d+)?\n/);
  await expect(lead.getByTestId("track-daily-status-basis")).toContainText("as it would be written now");
});

/** The CLI's arguments to reach the server (node with tsx, as `npx tsx` runs it, without the wrapper process). */
const cli = (server: RunningServer, args: string[]) => [
  "--import",
  "tsx",
  "bin/paratrack.ts",
  "track",
  ...args,
  "--url",
  server.baseURL,
];
/** Without a token (loopback), as the lead's own shell. */
const CLI_ENV = { ...process.env, PARATRACK_TOKEN: "", PARATRACK_URL: "" };

/** `paratrack track …` against the server: its exit code, stdout and stderr. */
function paratrackTrack(server: RunningServer, args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      cli(server, args),
      { cwd: REPO_ROOT, env: CLI_ENV, timeout: 30_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("pause and resume a track from the terminal (paratrack track): real signals, the dashboard follows, its logs", async ({
  browser,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
  await expect.poll(() => taggedPids(server, "A").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const page = await openOverview(browser, server);
  const card = page.getByRole("article", { name: TRACK_NAME });
  // `logs --follow` from the start: the last line, then each one the agent writes, until Ctrl-C (exit 0).
  const follow = spawn(process.execPath, cli(server, ["logs", "A", "--tail", "1", "--follow"]), {
    cwd: REPO_ROOT,
    env: CLI_ENV,
  });
  let followed = "";
  follow.stdout.on("data", (chunk: Buffer) => {
    followed += chunk.toString();
  });
  const followEnd = new Promise<number | null>((resolve) => follow.once("exit", (code) => resolve(code)));

  const paused = await paratrackTrack(server, ["pause", "A"]);
  expect(paused, paused.stderr).toMatchObject({
    code: 0,
    stdout: "Track A: paused by the lead; attempt 1\n",
  });
  const pids = taggedPids(server, "A");
  await expect(async () => {
    const states = await readProcStates(pids);
    for (const pid of pids) expect(states[pid], `process ${pid} in /proc`).toBe("T");
  }).toPass({ timeout: 5_000, intervals: [250] });
  await expect(card.getByTestId("track-status")).toHaveText("Paused by lead");

  // A refusal is the server's own words, exit 1; nothing changes.
  const again = await paratrackTrack(server, ["pause", "A"]);
  expect(again).toMatchObject({
    code: 1,
    stderr: "paratrack track pause: cannot pause a track that is paused already (409)\n",
  });

  const resumed = await paratrackTrack(server, ["resume", "A"]);
  expect(resumed, resumed.stderr).toMatchObject({ code: 0, stdout: "Track A: running; attempt 1\n" });
  await expect(async () => {
    const states = await readProcStates(pids);
    for (const pid of pids) expect(states[pid], `process ${pid} in /proc`).toMatch(/^[RSD]$/);
  }).toPass({ timeout: 5_000, intervals: [250] });
  await expect(card.getByTestId("track-status")).toHaveText("Running");

  // The agent's own output, as the track page tails it.
  const logs = await paratrackTrack(server, ["logs", "A", "--tail", "500"]);
  expect(logs.code, logs.stderr).toBe(0);
  expect(logs.stdout).toMatch(/^\d\d:\d\d:\d\d \S+ agent \d+ on track A: 40 MB in 4 steps over 100 s$/m);

  await expect
    .poll(() => followed.split("\n").filter(Boolean).length, {
      timeout: 30_000,
      message: "lines as they come",
    })
    .toBeGreaterThan(1);
  follow.kill("SIGINT");
  expect(await followEnd).toBe(0);
});
