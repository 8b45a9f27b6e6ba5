// Issue 15: the built-in demo shows the governor at work within its first two minutes, under its own 1.4 GB budget
// (zones measured against the agents' own memory, so the machine's other load does not matter): Yellow, Orange, a
// governor pause and a resume on the overview in Chromium, and a stop-and-requeue whose next attempt resumes the
// agent's session. demo/demo-plan.yaml explains the memory arithmetic that makes this order certain.
import type { Page } from "@playwright/test";
import type { PtEvent } from "../lib/domain/types";
import { expect, test } from "./support/fixtures";
import { getEvents } from "./support/tracks";

/** The zone names the overview's badge shows, as they change (recorded in the page, so no short zone is missed). */
async function recordZones(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { zonesSeen: string[] }).zonesSeen = seen;
    const read = () => {
      const text = document.querySelector('[data-testid="zone-name"]')?.textContent?.trim() ?? "";
      if (text !== "" && seen[seen.length - 1] !== text) seen.push(text);
    };
    read();
    new MutationObserver(read).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}

const zonesSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { zonesSeen: string[] }).zonesSeen);

function decisionRow(page: Page, action: string, trackKey: string) {
  return page
    .getByRole("list", { name: "Governor decisions" })
    .locator(`[data-testid="decision"][data-action="${action}"][data-track-key="${trackKey}"]`);
}

test("the demo goes Yellow and Orange, pauses and resumes within two minutes, and a requeued track resumes its session", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(300_000);
  const server = await launchServer({ args: ["--demo"], readyTimeoutMs: 120_000 });
  // The two minutes count from the run's start (a loaded machine may take a while to check the plan first).
  let runStarted: PtEvent | undefined;
  await expect
    .poll(
      async () => {
        runStarted = (await getEvents(request, server)).find((e) => e.kind === "run:started");
        return runStarted !== undefined;
      },
      { timeout: 90_000, intervals: [500, 1_000] },
    )
    .toBe(true);
  const startedAt = Date.parse(runStarted?.at ?? "");
  const left = () => Math.max(1_000, 120_000 - (Date.now() - startedAt));

  await page.goto(server.baseURL);
  await expect(page.getByTestId("zone-name")).toBeVisible({ timeout: 30_000 });
  await recordZones(page);

  // Orange with a governor pause (C, the low-priority track), then Red's stop-and-requeue and Green's resume.
  await expect(page.getByTestId("zone-name")).toHaveText(/Orange zone|Red zone/, { timeout: left() });
  await expect(decisionRow(page, "pause", "C").first()).toBeVisible({ timeout: left() });
  await expect(decisionRow(page, "resume", "B").first()).toBeVisible({ timeout: left() });
  const elapsed = Date.now() - startedAt;
  expect(elapsed, "pause and resume within the demo's first two minutes").toBeLessThan(120_000);

  // Below the fold, the stacked per-track chart waits to be drawn and meanwhile claims nothing (it said
  // "no track has held memory" while three did); scrolled into view, it draws the tracks' areas.
  const stacked = page.getByTestId("track-memory-area");
  await expect(stacked).not.toContainText("No track has held memory");
  await stacked.scrollIntoViewIfNeeded();
  await expect(stacked.locator(".recharts-area-area").first()).toBeVisible({ timeout: 10_000 });

  const zones = await zonesSeen(page);
  expect(zones, "the overview showed Yellow and Orange on the way up").toEqual(
    expect.arrayContaining(["Yellow zone", "Orange zone"]),
  );
  expect(zones.indexOf("Yellow zone")).toBeLessThan(zones.indexOf("Orange zone"));

  // The zone was the budget's: the agents' own memory against the demo's 1.4 GB, not the machine's.
  const events = await getEvents(request, server);
  const pause = events.find((e) => e.kind === "governor:pause" && e.trackKey === "C");
  expect(String(pause?.details?.reason ?? "")).toMatch(/^(Orange|Red) zone/);
  await expect(decisionRow(page, "stop-requeue", "C").first()).toBeVisible({ timeout: 5_000 });

  // The requeued track starts again with its resume command: attempt 2 continues its session.
  let restart: PtEvent | undefined;
  await expect
    .poll(
      async () => {
        restart = (await getEvents(request, server)).find(
          (e) => e.kind === "track:started" && e.trackKey === "C" && Number(e.details?.attempt) === 2,
        );
        return restart !== undefined;
      },
      { timeout: 90_000, intervals: [1_000] },
    )
    .toBe(true);
  expect(restart?.details?.modes).toEqual(["resume"]);
  expect(restart?.message).toContain("resuming its agents' sessions");
  // The track page says so of the attempt, as the README promises.
  await page.goto(`${server.baseURL}/tracks/C`);
  await expect(
    page.getByRole("heading", { name: /Attempt 2 \(current\) · resumed the session/ }),
  ).toBeVisible();
});
