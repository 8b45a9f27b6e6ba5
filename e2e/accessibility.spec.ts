// Accessibility of every page with a real run going: axe-core finds no serious or critical violation (light and
// dark), the Stop dialog included; and on a phone the gauge's number clears its arc, the tracks come before the
// timeline, every control is at least 40 px tall, the track page's progress bar keeps its width and no page scrolls
// sideways.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import type { RunView } from "../lib/domain/views";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

/** A first render can take a while on a busy 2-core machine. */
const SLOW = { timeout: 30_000 };

/** Each page with what shows it has loaded (so axe sees the content, not a spinner). */
const PAGES: { path: string; ready: (page: Page) => Promise<void> }[] = [
  {
    path: "/",
    ready: (p) => expect(p.getByRole("article", { name: "Alpha Orchestrator" })).toBeVisible(SLOW),
  },
  { path: "/tracks/A", ready: (p) => expect(p.getByTestId("log-line").first()).toBeVisible(SLOW) },
  { path: "/gantt", ready: (p) => expect(p.getByTestId("gantt-chart")).toBeVisible(SLOW) },
  { path: "/phases", ready: (p) => expect(p.getByTestId("phase-1")).toBeVisible(SLOW) },
  { path: "/plan", ready: (p) => expect(p.getByTestId("what-if-16GiB")).toBeVisible(SLOW) },
  { path: "/retrospective", ready: (p) => expect(p.getByTestId("metric-timeSaved")).toBeVisible(SLOW) },
  { path: "/runs", ready: (p) => expect(p.getByTestId("run-row")).toHaveCount(1, SLOW) },
];

/** axe's serious and critical findings, one readable line each. */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(" | ")}`);
}

let plan: WrittenPlan;
let server: RunningServer;

test.beforeEach(async ({ launchServer, request }) => {
  plan = writePlan("tracks");
  server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), { timeout: 30_000 }).toBe("running");
});
test.afterEach(() => plan.remove());

for (const scheme of ["light", "dark"] as const) {
  test(`axe finds no serious or critical violation on any page (${scheme})`, async ({ browser, request }) => {
    test.setTimeout(300_000);
    const context = await browser.newContext({ colorScheme: scheme });
    const page = await context.newPage();
    const found: string[] = [];
    // The confirmation dialog first, over the overview, while track A surely runs.
    await page.goto(server.baseURL);
    await PAGES[0]?.ready(page);
    await page.getByRole("button", { name: "Stop track A" }).click();
    await expect(page.getByRole("alertdialog", { name: "Stop track A?" })).toBeVisible();
    found.push(...(await seriousViolations(page)).map((v) => `Stop dialog: ${v}`));
    await page.keyboard.press("Escape");
    for (const { path, ready } of PAGES) {
      await page.goto(`${server.baseURL}${path}`);
      await ready(page);
      found.push(...(await seriousViolations(page)).map((v) => `${path}: ${v}`));
    }
    // The run ended (the lead stops its tracks): the outcome banner, and the phases at phase 5's gate with the
    // earlier gates passed or overridden, badges a running run never shows.
    for (const key of ["A", "B"])
      await request.post(`${server.baseURL}/api/tracks/${key}/stop`, { data: {} });
    await expect
      .poll(
        async () =>
          ((await (await request.get(`${server.baseURL}/api/runs/current`)).json()) as RunView).status,
        {
          timeout: 60_000,
        },
      )
      .not.toBe("running");
    for (const { path, ready } of PAGES.filter((p) => ["/", "/phases", "/retrospective"].includes(p.path))) {
      await page.goto(`${server.baseURL}${path}`);
      await ready(page);
      found.push(...(await seriousViolations(page)).map((v) => `${path} (run ended): ${v}`));
    }
    expect(found, found.join("\n")).toEqual([]);
    await context.close();
  });
}

test("keyboard: a skip link to the content, and focus that stays put when Pause and Resume disable themselves", async ({
  page,
}) => {
  await page.goto(server.baseURL);
  const card = page.getByRole("article", { name: "Alpha Orchestrator" });
  await expect(card).toBeVisible(SLOW);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();

  const pause = card.getByRole("button", { name: "Pause track A" });
  const resume = card.getByRole("button", { name: "Resume track A" });
  await pause.focus();
  await page.keyboard.press("Enter");
  // Pause cannot be used on a paused track: focus moves on to Resume instead of falling to the page.
  await expect(resume).toBeFocused();
  await expect(card.getByTestId("track-status")).toHaveAttribute("data-status", "paused");
  // Resume is usable once the server has answered the pause (until then every button waits, dimmed).
  await expect(resume).toBeEnabled();
  await expect(resume).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(pause).toBeFocused();
  await expect(card.getByTestId("track-status")).toHaveAttribute("data-status", "running");
});

test("on a phone: the gauge's number clears its arc, tracks come before the timeline, controls are 40 px tall, the track page's progress bar keeps its width, no page scrolls sideways", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(server.baseURL);
  await expect(page.getByRole("article", { name: "Alpha Orchestrator" })).toBeVisible(SLOW);

  const gauge = page.getByRole("meter", { name: "System memory used" });
  const geometry = await gauge.evaluate((meter) => {
    const svg = meter.querySelector("svg");
    const number = meter.querySelector('[data-testid="gauge-machine-value"]');
    const bands = [...meter.querySelectorAll("path")];
    if (!svg || !number || bands.length === 0) return null;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const stroke = Math.max(...bands.map((b) => Number(b.getAttribute("stroke-width") ?? 0))) * scale;
    return {
      numberTop: number.getBoundingClientRect().top,
      // The arc's lowest drawn point: its geometry plus the stroke drawn around it.
      arcBottom: Math.max(...bands.map((b) => b.getBoundingClientRect().bottom)) + stroke / 2,
    };
  });
  expect(geometry, "the gauge has its number and arc").not.toBeNull();
  expect(geometry?.numberTop ?? 0).toBeGreaterThanOrEqual(geometry?.arcBottom ?? Number.POSITIVE_INFINITY);

  const tracksTop =
    (await page.getByRole("heading", { name: "Tracks", exact: true }).boundingBox())?.y ?? Infinity;
  const timelineTop =
    (await page.getByRole("heading", { name: /Memory, last 10 minutes/ }).boundingBox())?.y ?? 0;
  expect(tracksTop).toBeLessThan(timelineTop);

  const small = await page.evaluate(() =>
    [
      ...document.querySelectorAll<HTMLElement>(
        "main button, body > div > header a, main article h3 a, main select, main input",
      ),
    ]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({
        name: el.getAttribute("aria-label") ?? el.textContent?.trim(),
        h: el.getBoundingClientRect().height,
      }))
      .filter((t) => t.h < 40),
  );
  expect(small, JSON.stringify(small)).toEqual([]);

  // The track page's progress bar keeps a row of its own: the report's status and author wrap below it.
  await page.goto(`${server.baseURL}/tracks/A`);
  await expect(page.getByTestId("track-report-author")).toBeVisible(SLOW);
  const bar = await page.getByRole("progressbar", { name: "Progress of track A" }).boundingBox();
  expect(bar?.width ?? 0).toBeGreaterThan(200);

  // No page scrolls sideways: wide tables and charts scroll inside their own boxes.
  for (const { path, ready } of PAGES) {
    await page.goto(`${server.baseURL}${path}`);
    await ready(page);
    const width = await page.evaluate(() => ({
      scroll: document.documentElement.scrollWidth,
      client: document.documentElement.clientWidth,
    }));
    expect(
      width.scroll,
      `${path} is ${width.scroll} px wide on a ${width.client} px screen`,
    ).toBeLessThanOrEqual(width.client);
  }
  await context.close();
});
