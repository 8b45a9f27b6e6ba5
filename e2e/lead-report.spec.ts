// Issue 15, reports that hold: the lead's report (status blocked, a blocker) is not undone by the agent's next
// ::progress lines; both are kept and the track page says who said the status and when; the overview card shows the
// report status and the open blocker; a finished track refuses reports with 409 and the reason.
import { expect, test } from "./support/fixtures";
import { getTrack, readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

let plan: WrittenPlan | null = null;
test.afterEach(() => plan?.remove());

test("a lead's report holds against the agent's progress lines, is shown with its author, and a finished track refuses reports", async ({
  page,
  request,
  launchServer,
}) => {
  test.setTimeout(120_000);
  plan = writePlan("lead-report");
  const server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "R"), { timeout: 30_000 }).toBe("running");
  await expect
    .poll(async () => (await getTrack(request, server, "R")).progress, { timeout: 15_000 })
    .toBeGreaterThan(0);

  const lead = await request.post(`${server.baseURL}/api/tracks/R/report`, {
    data: {
      status: "blocked",
      blockers: [{ blocker: "waiting for the staging database", severity: "high" }],
    },
  });
  expect(lead.status()).toBe(200);
  const progressAtReport = (await getTrack(request, server, "R")).progress;

  // The agent goes on reporting progress; the lead's status and blocker stay.
  await expect
    .poll(async () => (await getTrack(request, server, "R")).progress, { timeout: 15_000 })
    .toBeGreaterThan(progressAtReport);
  const track = await getTrack(request, server, "R");
  expect(track.reportStatus).toBe("blocked");
  expect(track.reports.map((r) => r.source)).toEqual(expect.arrayContaining(["api", "stdout"]));

  await page.goto(server.baseURL);
  const card = page.getByRole("article", { name: "Reporting Track" });
  await expect(card.getByTestId("track-report-status")).toHaveText("reported blocked");
  await expect(card.getByTestId("track-open-blockers")).toContainText("waiting for the staging database");

  await page.goto(`${server.baseURL}/tracks/R`);
  await expect(page.getByTestId("track-report-status")).toHaveText("blocked");
  await expect(page.getByTestId("track-report-author")).toContainText("said by the lead (API) at");
  // The list shows the 8 newest reports until "Show all": on a slow machine the agent's later progress lines may
  // already have pushed the lead's report out of them (once shown, all stay shown).
  await expect(async () => {
    const showAll = page.getByRole("button", { name: /^Show all \d+ reports$/ });
    if ((await showAll.count()) > 0) await showAll.click();
    await expect(page.locator('[data-testid="report"][data-source="api"]')).toHaveCount(1, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.locator('[data-testid="report"][data-source="stdout"]').first()).toBeVisible();

  // Finished: reports are closed, with the reason.
  await expect
    .poll(() => readTrackStatus(request, server, "R"), { timeout: 60_000 })
    .toMatch(/completed|failed/);
  const late = await request.post(`${server.baseURL}/api/tracks/R/report`, {
    data: { progress_percent: 99 },
  });
  expect(late.status()).toBe(409);
  expect((await late.json()).error).toMatch(
    /track R is (completed|failed): it takes no more progress reports/,
  );
});
