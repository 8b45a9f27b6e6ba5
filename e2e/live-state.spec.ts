// What the overview says about the state it shows: the gauges and the timeline draw the plan's own zone lines
// (40/70/90 here, not the seed's 60/75/85); the charts are named images that keyboard focus never enters unnamed;
// a server that goes away is said in an alert within seconds, and the alert goes when the page reconnects; and the
// sticky header never hides the element focused by tabbing backwards.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

/** A first render can take a while on a busy 2-core machine. */
const SLOW = { timeout: 30_000 };

/** What keyboard focus may land in: the charts (and the gauges, which are drawings too). */
const CHARTS =
  '[data-testid="memory-timeline"], [data-testid="track-memory-area"], .recharts-wrapper, [role="meter"]';

let plan: WrittenPlan;
let server: RunningServer;

test.beforeEach(async ({ launchServer, request }) => {
  plan = writePlan("live-state");
  server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), SLOW).toBe("running");
});
test.afterEach(() => plan.remove());

async function openOverview(page: Page): Promise<void> {
  await page.goto(server.baseURL);
  await expect(page.getByRole("article", { name: "Alpha Lines" })).toBeVisible(SLOW);
}

test("the gauges and the timeline draw the plan's zone lines, 40/70/90", async ({ page }) => {
  await openOverview(page);
  for (const id of ["gauge-machine", "gauge-budget"]) {
    const gauge = page.getByTestId(id);
    // The lines come with the run's plan, after the first paint (which draws the seed's until then).
    await expect(gauge, `${id}'s lines`).toHaveAttribute("data-zone-lines", "40 70 90", SLOW);
    const ticks = page.getByTestId(`${id}-tick`);
    await expect(ticks).toHaveCount(3);
    expect(await ticks.evaluateAll((all) => all.map((tick) => tick.getAttribute("data-percent")))).toEqual([
      "40",
      "70",
      "90",
    ]);
    await expect(ticks.locator("text")).toHaveText(["40", "70", "90"]);
    await expect(gauge).toHaveAccessibleDescription(/Yellow from 40 %, Orange from 70 %, Red from 90 %/);
  }

  const timeline = page.getByTestId("memory-timeline");
  await expect(timeline).toHaveAttribute("data-zone-lines", "40 70 90");
  await expect(timeline).toHaveAccessibleName(
    /Zone lines: Yellow from 40 %, Orange from 70 %, Red from 90 %/,
  );
  // The chart draws once it is on screen.
  await timeline.scrollIntoViewIfNeeded();
  await expect(
    timeline.locator(".recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value"),
  ).toHaveText(["0%", "40%", "70%", "90%", "100%"], SLOW);
});

test("tabbing from the top through the overview never lands on an unnamed element inside a chart", async ({
  page,
}) => {
  await openOverview(page);
  // The charts have drawn (their recharts surfaces exist) before the walk starts.
  await page.getByTestId("memory-timeline").scrollIntoViewIfNeeded();
  // (first: a legend's icons are recharts surfaces too)
  await expect(page.getByTestId("memory-timeline").locator("svg.recharts-surface").first()).toBeVisible(SLOW);
  await expect(page.getByTestId("track-memory-area").locator("svg.recharts-surface").first()).toBeVisible(
    SLOW,
  );
  // The charts' names carry figures, not only what they are charts of.
  await expect(page.getByTestId("memory-timeline")).toHaveAccessibleName(/machine \d+ % now, peak \d+ %/);
  await expect(page.getByTestId("track-memory-area")).toHaveAccessibleName(/now A Alpha Lines \d+ (MB|kB)/);
  // Nothing inside a chart is in the tab order (recharts' accessibility layer is off).
  const tabbable = await page
    .locator(CHARTS)
    .evaluateAll((charts) =>
      charts.flatMap((chart) =>
        [chart, ...chart.querySelectorAll("*")]
          .filter((el) => (el as HTMLElement | SVGElement).tabIndex >= 0)
          .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`),
      ),
    );
  expect(tabbable, "elements of a chart in the tab order").toEqual([]);

  // From the top, with nothing focused: the first Tab goes to the skip link.
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const seen: string[] = [];
  const unnamed: string[] = [];
  let first: string | null = null;
  for (let step = 0; step < 400; step++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate((charts) => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      // A path of tags and indexes that names this element (to tell when the walk has come round).
      const path: string[] = [];
      for (let node: Element | null = el; node && node !== document.body; node = node.parentElement)
        path.unshift(
          `${node.tagName}:${node.parentElement ? [...node.parentElement.children].indexOf(node) : 0}`,
        );
      return {
        id: path.join("/"),
        inChart: el.closest(charts) !== null,
        what: `${el.tagName.toLowerCase()}.${el.getAttribute("class") ?? ""}`,
      };
    }, CHARTS);
    if (focused === null) break; // out of the page (the browser's own UI) or back to the body
    if (focused.id === first) break; // come round
    first ??= focused.id;
    seen.push(focused.what);
    if (!focused.inChart) continue;
    // Playwright computes the name as assistive technology does (aria-label, labelledby, <title>, contents).
    const hasName = await expect(page.locator(":focus"))
      .toHaveAccessibleName(/\S/, { timeout: 1_000 })
      .then(
        () => true,
        () => false,
      );
    if (!hasName) unnamed.push(focused.what);
  }
  expect(seen.length, "the walk reached the page's controls").toBeGreaterThan(5);
  expect(unnamed, "unnamed tab stops inside a chart").toEqual([]);
});

test("a server that goes away is said in an alert within 10 s, gone when the page reconnects", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await openOverview(page);
  const banner = page.getByTestId("connection-banner");
  await expect(banner).toHaveCount(0);

  // kill -9 of the server only (as e2e/durability.spec.ts does): the socket drops without a goodbye.
  await server.kill();
  const alert = page.getByRole("alert").filter({ hasText: "Disconnected from the server" });
  await expect(alert).toBeVisible({ timeout: 10_000 });
  await expect(alert).toContainText(/data as of .+, reconnecting…/);
  await expect(alert).toContainText("will fail");
  // The header keeps showing the last zone, now with the banner saying it is not live.
  await expect(page.getByTestId("header-zone")).toBeVisible();

  // Back on the same port: the socket reconnects by itself, the banner goes and the page says so.
  await server.start();
  await expect(banner).toHaveCount(0, SLOW);
  await expect(page.getByTestId("live-announcer")).toHaveText(/Reconnected to the server/);
});

test("the header's zone badge says what it is about, and the shell holds the polite live region", async ({
  page,
}) => {
  await openOverview(page);
  await expect(page.getByTestId("header-zone")).toHaveText(/^Memory: (Green|Yellow|Orange|Red) zone$/);
  // In the shell, so it is in the page before anything is said in it (a region added with its text is often
  // not read).
  const announcer = page.getByTestId("live-announcer");
  await expect(announcer).toHaveCount(1);
  await expect(announcer).toHaveAttribute("aria-live", "polite");
  await expect(announcer).toHaveAttribute("role", "status");
});

test("tabbing backwards on /phases never leaves the focused element under the sticky header", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 700 } });
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/phases`);
  await expect(page.getByTestId("phase-1")).toBeVisible(SLOW);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("End");
  const covered: string[] = [];
  for (let step = 0; step < 25; step++) {
    await page.keyboard.press("Shift+Tab");
    const hidden = await page.evaluate(() => {
      const el = document.activeElement;
      const header = document.querySelector("body > div > header");
      // Only what scrolls under the header: the header's own links are never covered by it.
      if (!el || !header || header.contains(el) || !document.querySelector("main")?.contains(el)) return null;
      const { top, height } = el.getBoundingClientRect();
      const headerBottom = header.getBoundingClientRect().bottom;
      // An element taller than the room below the header cannot be shown whole: not what this is about.
      if (height > window.innerHeight - headerBottom) return null;
      return top < headerBottom - 1
        ? `${el.tagName.toLowerCase()} "${el.textContent?.trim().slice(0, 40)}" at ${Math.round(top)} px, header to ${Math.round(headerBottom)} px`
        : null;
    });
    if (hidden) covered.push(hidden);
  }
  expect(covered).toEqual([]);
  await context.close();
});
