// Several dashboards on one run: two production servers on one PostgreSQL database. The first owns the engine and
// runs the agents; the second only serves pages. A pause clicked on the second server's page reaches the agents
// (SIGSTOP, seen in /proc) and both pages show it within a second; a resume on the first page shows on the second.
// Needs a PostgreSQL for tests (PARATRACK_TEST_POSTGRES_URL, from scripts/pg/up.sh); skipped without one.
import type { Browser, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import { createScratchDatabase, type ScratchDatabase, testPostgresUrl } from "./support/postgres";
import type { RunningServer } from "./support/server";
import { readProcStates, readTrackStatus, taggedPids, type WrittenPlan, writePlan } from "./support/tracks";

const TRACK_NAME = "Alpha Orchestrator"; // track A in e2e/plans/shared-run.yaml

async function openOverview(browser: Browser, server: RunningServer): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.baseURL);
  // A fresh production server's first page takes a while on a busy machine.
  await expect(page.getByRole("article", { name: TRACK_NAME })).toBeVisible({ timeout: 30_000 });
  return page;
}

/** The track's agent processes on this server: tagged with the track, but not the shim that supervises them. */
function agentPids(server: RunningServer, key: string): number[] {
  return server
    .processes()
    .filter((p) => p.track === key && !p.command.includes("paratrack-shim"))
    .map((p) => p.pid);
}

/** In the page: notes when track `key`'s status first reads "Paused by lead" (window.pausedShownAt). */
function watchForPause(key: string) {
  const status = () => document.querySelector(`[data-track-key="${key}"] [data-testid="track-status"]`);
  const check = () => {
    if (status()?.textContent?.trim() === "Paused by lead")
      (window as { pausedShownAt?: number }).pausedShownAt ??= Date.now();
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, characterData: true });
  check();
}

let plan: WrittenPlan;
test.beforeEach(() => {
  plan = writePlan("shared-run");
});
test.afterEach(() => plan.remove());

test("a pause clicked on the second server's page reaches the agents, and both pages update within 1 s", async ({
  browser,
  request,
  launchServer,
}) => {
  const postgres = testPostgresUrl();
  test.skip(!postgres, "needs PostgreSQL: run with PARATRACK_TEST_POSTGRES_URL (scripts/pg/up.sh)");
  test.setTimeout(240_000);
  const database = await createScratchDatabase(postgres ?? "");
  const servers: RunningServer[] = [];
  let failure: unknown = null;
  try {
    await pauseOnTheViewer(database, servers);
  } catch (error) {
    failure = error;
  }
  // The servers end before their database goes (the fixture's own stop then finds them stopped).
  const stops = await Promise.allSettled(servers.reverse().map((server) => server.stop()));
  await database.drop();
  if (failure) throw failure;
  for (const stop of stops) if (stop.status === "rejected") throw stop.reason;

  async function pauseOnTheViewer(database: ScratchDatabase, servers: RunningServer[]) {
    const env = { DATABASE_URL: database.url };
    const owner = await launchServer({ env, args: ["--plan", plan.file] });
    servers.push(owner);
    const viewer = await launchServer({ env });
    servers.push(viewer);
    const health = async (server: RunningServer) =>
      (await (await request.get(`${server.baseURL}/api/health`)).json()) as { role?: string };
    expect((await health(owner)).role).toBe("owner");
    expect((await health(viewer)).role).toBe("viewer");

    // The owner runs track A: its agent and the agent's child are the owner's processes, none are the viewer's.
    await expect.poll(() => readTrackStatus(request, owner, "A"), { timeout: 30_000 }).toBe("running");
    await expect.poll(() => agentPids(owner, "A").length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    expect(taggedPids(viewer, "A")).toEqual([]);
    // The viewer's read API has the same run, from the database.
    expect(await readTrackStatus(request, viewer, "A")).toBe("running");

    const ownerPage = await openOverview(browser, owner);
    const viewerPage = await openOverview(browser, viewer);
    const ownerCard = ownerPage.getByRole("article", { name: TRACK_NAME });
    const viewerCard = viewerPage.getByRole("article", { name: TRACK_NAME });
    await expect(ownerCard.getByTestId("track-status")).toHaveAttribute("data-status", "running");
    await expect(viewerCard.getByTestId("track-status")).toHaveAttribute("data-status", "running");
    // The viewer's page gets the owner's pushes: memory samples keep arriving over its socket.
    await expect(viewerPage.getByRole("meter", { name: "System memory used" })).toBeVisible();

    // Pause on the viewer's page: both pages say so within a second of the click. Timed by the browsers themselves
    // (the click's moment and each page's change, on this machine's clock), not by the test runner's round trips,
    // which take seconds on a busy machine.
    for (const page of [ownerPage, viewerPage]) await page.evaluate(watchForPause, "A");
    await viewerPage.evaluate(() => {
      const button = document.querySelector<HTMLButtonElement>(
        '[data-track-key="A"] button[aria-label="Pause track A"]',
      );
      button?.addEventListener(
        "click",
        () => {
          (window as { clickedAt?: number }).clickedAt ??= Date.now();
        },
        { capture: true },
      );
    });
    await viewerCard.getByRole("button", { name: "Pause track A" }).click({ timeout: 30_000 });
    await Promise.all(
      [ownerCard, viewerCard].map((card) =>
        expect(card.getByTestId("track-status")).toHaveText("Paused by lead", { timeout: 15_000 }),
      ),
    );
    const clickedAt = await viewerPage.evaluate(() => (window as { clickedAt?: number }).clickedAt ?? null);
    const shownAt = await Promise.all(
      [ownerPage, viewerPage].map((page) =>
        page.evaluate(() => (window as { pausedShownAt?: number }).pausedShownAt ?? null),
      ),
    );
    expect(clickedAt, "the click was seen by the viewer's page").not.toBeNull();
    const delays = shownAt.map((at) => (at === null || clickedAt === null ? Number.NaN : at - clickedAt));
    test.info().annotations.push({
      type: "click to owner's page / viewer's page",
      description: `${delays.join(" / ")} ms`,
    });
    for (const delay of delays) expect(delay).toBeLessThan(1_000);

    // ... and it reached the agents: every process of the track is stopped (state T).
    const pids = agentPids(owner, "A");
    await expect(async () => {
      const states = await readProcStates(pids);
      for (const pid of pids) expect(states[pid], `process ${pid} in /proc`).toBe("T");
    }).toPass({ timeout: 3_000, intervals: [100] });
    await expect.poll(() => readTrackStatus(request, viewer, "A"), { timeout: 5_000 }).toBe("paused");

    // The other way round: resume on the owner's page, seen on the viewer's.
    await ownerCard.getByRole("button", { name: "Resume track A" }).click({ timeout: 30_000 });
    await expect(viewerCard.getByTestId("track-status")).toHaveAttribute("data-status", "running", {
      timeout: 15_000,
    });
    await expect(async () => {
      const states = await readProcStates(pids);
      for (const pid of pids) expect(states[pid], `process ${pid} in /proc`).toMatch(/^[RSD]$/);
    }).toPass({ timeout: 5_000, intervals: [250] });
  }
});
