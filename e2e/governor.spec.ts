// Issue #4 end to end: under a small RAM budget the governor pauses real processes (state T in /proc) and says
// why in the decisions feed; after the pressure ends it resumes what it paused, never what the lead paused.
// The plans (e2e/plans/governor-*.yaml) explain the memory arithmetic that makes each outcome certain.
import type { APIRequestContext, Page } from "@playwright/test";
import type { PtEvent } from "../lib/domain/types";
import type { MemorySample } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import {
  apiPids,
  getEvents,
  getGovernor,
  getTrack,
  readProcStates,
  readTrackStatus,
  taggedPids,
  type WrittenPlan,
  writePlan,
} from "./support/tracks";

/** Every process of the track, from the API and from the environment the agents inherit. */
async function trackPids(request: APIRequestContext, server: RunningServer, key: string): Promise<number[]> {
  const listed = apiPids(await getTrack(request, server, key));
  return [...new Set([...listed, ...taggedPids(server, key)])].sort((a, b) => a - b);
}

async function expectAllInState(pids: readonly number[], pattern: RegExp, what: string): Promise<void> {
  expect(pids.length, `${what}: the track has live processes`).toBeGreaterThan(0);
  const states = await readProcStates(pids);
  for (const pid of pids) expect(states[pid], `${what}: process ${pid} in /proc`).toMatch(pattern);
}

async function waitForEvent(
  request: APIRequestContext,
  server: RunningServer,
  match: (event: PtEvent) => boolean,
  timeout: number,
  message: string,
): Promise<PtEvent> {
  let found: PtEvent | undefined;
  await expect
    .poll(
      async () => {
        found = (await getEvents(request, server)).find(match);
        return found !== undefined;
      },
      { timeout, intervals: [250, 500, 1_000], message },
    )
    .toBe(true);
  if (!found) throw new Error(message);
  return found;
}

function decisionRow(page: Page, action: string, trackKey: string) {
  return page
    .getByRole("list", { name: "Governor decisions" })
    .locator(`[data-testid="decision"][data-action="${action}"][data-track-key="${trackKey}"]`);
}

let plan: WrittenPlan | null = null;
test.afterEach(() => plan?.remove());

test("the decisions feed shows the governor's pause and its reason while the track's processes are in state T", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(150_000);
  plan = writePlan("governor-pause");
  const server = await launchServer({ args: ["--plan", plan.file] });
  await page.goto(server.baseURL);
  await expect(page.getByRole("article", { name: "Low Priority Bulk" })).toBeVisible({ timeout: 30_000 });
  // The feed has loaded (it lists the start of L) before any pressure, so the pause must arrive live.
  await expect(decisionRow(page, "start", "L")).toHaveCount(1, { timeout: 15_000 });
  let navigations = 0;
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) navigations++;
  });
  expect(
    (await getEvents(request, server)).filter((e) => e.kind === "governor:pause"),
    "the plan leaves L below the pressure line while the page loads (see governor-pause.yaml)",
  ).toEqual([]);

  // L outgrows its estimate and the budget view goes Orange or Red: the governor pauses L, and only L.
  const pause = await waitForEvent(
    request,
    server,
    (e) => e.kind === "governor:pause" && e.trackKey === "L",
    60_000,
    "the governor pauses the low-priority track L",
  );
  const reason = String(pause.details?.reason ?? "");
  expect(reason).toMatch(/^(Orange|Red) zone \(\d+(\.\d+)? %.*pausing lowest-priority track L \(low\)/);
  expect(["orange", "red"]).toContain(pause.details?.zone);
  expect(Number(pause.details?.usedPercent)).toBeGreaterThanOrEqual(75);

  // The budget view really is above the Orange line: the pause answers real memory use.
  const memory = (await (await request.get(`${server.baseURL}/api/memory`)).json()) as MemorySample;
  expect(memory.zoneSource).not.toBe("machine");
  expect(memory.budget?.usedPercent ?? 0).toBeGreaterThanOrEqual(75);
  expect(["orange", "red"]).toContain((await getGovernor(request, server)).zone);

  // In Chromium, at the same time: the feed shows that decision with its reason, the card says who paused L,
  // and every process of L is stopped in /proc.
  const row = decisionRow(page, "pause", "L");
  await expect(row.first()).toBeVisible({ timeout: 5_000 });
  await expect(row.first().getByTestId("decision-reason")).toHaveText(reason);
  await expect(row.first().getByTestId("decision-action")).toHaveText("Pause");
  await expect(row.first().getByTestId("decision-track")).toHaveText("track L");
  await expect(
    page.getByRole("article", { name: "Low Priority Bulk" }).getByTestId("track-status"),
  ).toHaveText("Paused by governor");
  await expect(async () => {
    const pids = await trackPids(request, server, "L");
    expect(pids.length, "the agent and its child").toBeGreaterThanOrEqual(2);
    await expectAllInState(pids, /^T$/, "track L");
    const l = await getTrack(request, server, "L");
    expect([l.status, l.pausedBy]).toEqual(["paused", "governor"]);
  }).toPass({ timeout: 5_000, intervals: [250] });
  expect(navigations, "the feed updated without a reload").toBe(0);

  // The decision is stored, not only pushed: a fresh load of the page lists it too.
  await page.reload();
  await expect(decisionRow(page, "pause", "L").first().getByTestId("decision-reason")).toHaveText(reason);

  // The critical track is never the victim.
  const h = await getTrack(request, server, "H");
  expect(h.status).toBe("running");
  await expectAllInState(await trackPids(request, server, "H"), /^[RSD]$/, "track H");
  const events = await getEvents(request, server);
  expect(events.filter((e) => e.kind === "governor:pause" && e.trackKey === "H")).toEqual([]);
  expect(events.filter((e) => e.kind === "governor:stop-requeue")).toEqual([]);
});

test("a track the lead paused stays paused through recovery while the governor resumes its own pause", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(240_000);
  plan = writePlan("governor-recovery");
  const server = await launchServer({ args: ["--plan", plan.file] });
  for (const key of ["X", "B", "C"])
    await expect
      .poll(() => readTrackStatus(request, server, key), { timeout: 30_000, message: `track ${key} starts` })
      .toBe("running");

  // The lead pauses C from the dashboard before any memory pressure.
  await page.goto(server.baseURL);
  const cardC = page.getByRole("article", { name: "Changelog Writer" });
  const cardB = page.getByRole("article", { name: "Background Refactor" });
  await cardC.getByRole("button", { name: "Pause track C" }).click();
  await expect(async () => {
    const c = await getTrack(request, server, "C");
    expect([c.status, c.pausedBy]).toEqual(["paused", "lead"]);
    await expectAllInState(await trackPids(request, server, "C"), /^T$/, "track C");
  }).toPass({ timeout: 5_000, intervals: [250] });
  expect(
    (await getEvents(request, server)).filter((e) => e.kind === "governor:pause"),
    "the plan leaves room for the lead to pause C before any pressure (see governor-recovery.yaml)",
  ).toEqual([]);
  await expect(cardC.getByTestId("track-status")).toHaveText("Paused by lead");

  // X grows: the governor pauses B (the only non-critical track still running).
  const pauseB = await waitForEvent(
    request,
    server,
    (e) => e.kind === "governor:pause" && e.trackKey === "B",
    90_000,
    "the governor pauses B under memory pressure",
  );
  expect(String(pauseB.details?.reason)).toMatch(/pausing lowest-priority track B \(low\)/);
  await expect(cardB.getByTestId("track-status")).toHaveText("Paused by governor");
  await expectAllInState(await trackPids(request, server, "B"), /^T$/, "track B");
  const cDuring = await getTrack(request, server, "C");
  expect([cDuring.status, cDuring.pausedBy]).toEqual(["paused", "lead"]);

  // X completes and frees its memory; after the settle period the governor resumes B, and only B.
  await expect
    .poll(() => readTrackStatus(request, server, "X"), { timeout: 120_000, message: "X completes" })
    .toBe("completed");
  const resumeB = await waitForEvent(
    request,
    server,
    (e) => e.kind === "governor:resume" && e.trackKey === "B",
    30_000,
    "the governor resumes B once memory has settled",
  );
  expect(String(resumeB.details?.reason)).toMatch(/^Green zone .*resuming B \(low\), paused by the governor/);
  // The settle clock starts at the first Green sample (it may precede X's completion event: the memory goes
  // as the agent exits). The zone:changed event is stored a moment after the sample it describes, hence the
  // small allowance; a governor ignoring the settle period would resume within a sample or two.
  const greenAt = (await getEvents(request, server))
    .filter((e) => e.kind === "zone:changed" && e.details?.to === "green" && e.at <= resumeB.at)
    .map((e) => Date.parse(e.at))
    .reduce((latest, at) => Math.max(latest, at), Number.NEGATIVE_INFINITY);
  expect(Number.isFinite(greenAt), "the zone went back to Green before the resume").toBe(true);
  expect(
    Date.parse(resumeB.at) - greenAt,
    "B resumes only after the settle period (settleSeconds 3) of Green",
  ).toBeGreaterThanOrEqual(3_000 - 250);

  await expect(cardB.getByTestId("track-status")).toHaveText("Running");
  await expectAllInState(await trackPids(request, server, "B"), /^[RSD]$/, "track B");
  const b = await getTrack(request, server, "B");
  expect([b.status, b.pausedBy]).toEqual(["running", null]);

  // C is the lead's: still paused, by the lead, its processes still stopped, shown as such in the page.
  await expect(cardC.getByTestId("track-status")).toHaveText("Paused by lead");
  await expect(cardC.getByTestId("track-status")).toHaveAttribute("data-paused-by", "lead");
  const c = await getTrack(request, server, "C");
  expect([c.status, c.pausedBy]).toEqual(["paused", "lead"]);
  await expectAllInState(await trackPids(request, server, "C"), /^T$/, "track C");

  // Two more settle periods in Green: the governor would have resumed C by now if it were going to.
  await page.waitForTimeout(2 * 3_000 + 1_000);
  const after = await getTrack(request, server, "C");
  expect([after.status, after.pausedBy]).toEqual(["paused", "lead"]);
  await expectAllInState(await trackPids(request, server, "C"), /^T$/, "track C");
  const events = await getEvents(request, server);
  expect(
    events.filter((e) => e.trackKey === "C" && /^(governor:resume|track:resumed)$/.test(e.kind)),
  ).toEqual([]);
  expect(events.filter((e) => e.kind === "governor:stop-requeue")).toEqual([]);
  expect((await getGovernor(request, server)).zone).toBe("green");
});
