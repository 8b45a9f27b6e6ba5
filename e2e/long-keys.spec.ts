// Twelve tracks with long keys (up to 59 of the 64 characters a key may have) and long names, on real agents
// (e2e/plans/long-keys.yaml), at a phone's, a tablet's and a laptop's width: no page scrolls sideways, each card
// keeps its name and status in view and clear of its key badge, and the track page's title stays on the screen.
// Then the narrow places that cut keys short: the Gantt's label column on a phone tells keys with one start apart,
// the planner's mini-Gantt keeps its labels clear of its bars and explains them, and the retrospective does not
// show a failed track's short running time as a saving.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

const AUTH = "authentication-service-migration-to-oauth21-with-pkce";
const AUTH_NAME = "Authentication service migration to OAuth 2.1";
/** The longest key of the plan (59 characters). */
const LONGEST = "payment-gateway-retry-policy-and-idempotency-keys-migration";
/** Tracks whose agents finish in seconds: their cards carry the wide "Completed" badge. */
const QUICK = [
  "search-indexing-pipeline-for-the-product-catalogue",
  "billing-engine-proration-and-invoice-rounding-rewrite",
  "frontend-design-system-tokens-and-dark-mode-contrast-fixes",
];
/** Fails half way (its agent exits 3 at 50 %). */
const FAILING = "mobile-api-push-notifications-and-deep-links-rewrite-v2";
/** Waits on AUTH, which runs past the test: its card and page say "after <a long key>". */
const WAITING = "customer-support-chatbot-handoff-to-human-agents";
const TRACK_COUNT = 12;
const WIDTHS = [390, 768, 1280] as const;

/** A first render can take a while on a busy 2-core machine. */
const SLOW = { timeout: 30_000 };

let plan: WrittenPlan;
let server: RunningServer;

test.beforeEach(async ({ launchServer, request }) => {
  plan = writePlan("long-keys");
  server = await launchServer({ args: ["--plan", plan.file] });
  await expect
    .poll(() => readTrackStatus(request, server, AUTH), { timeout: 30_000, message: `${AUTH} starts` })
    .toBe("running");
  // The finished tracks too: "Completed" and "Failed" are the status badges that overlapped a neighbour's key.
  for (const key of QUICK)
    await expect
      .poll(() => readTrackStatus(request, server, key), { timeout: 60_000, message: `${key} completes` })
      .toBe("completed");
  await expect
    .poll(() => readTrackStatus(request, server, FAILING), { timeout: 60_000, message: `${FAILING} fails` })
    .toBe("failed");
});
test.afterEach(() => plan.remove());

/** The page's width against the screen's: more means the page scrolls sideways. */
async function expectNoSidewaysScroll(page: Page, what: string): Promise<void> {
  const width = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(
    width.scroll,
    `${what} is ${width.scroll} px wide on a ${width.client} px screen`,
  ).toBeLessThanOrEqual(width.client);
}

/**
 * What is wrong with each card's header, one line per problem: its key badge, name (the h3) and status must each
 * have a size, lie inside the card and the screen, and not overlap one another; the badge holds the whole key (cut
 * short by CSS at most) and names it in its title.
 */
async function cardHeaderProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const screen = document.documentElement.clientWidth;
    // Half a pixel for sub-pixel layout.
    const overlaps = (a: DOMRect, b: DOMRect) =>
      a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
    const at = (r: DOMRect) =>
      `[${Math.round(r.left)}–${Math.round(r.right)} × ${Math.round(r.top)}–${Math.round(r.bottom)}]`;
    for (const card of document.querySelectorAll<HTMLElement>("article[data-track-key]")) {
      const key = card.dataset.trackKey ?? "?";
      const badge = card.querySelector<HTMLElement>('[data-testid="track-key"]');
      const name = card.querySelector<HTMLElement>('[data-testid="track-name"]');
      const status = card.querySelector<HTMLElement>('[data-testid="track-status"]');
      if (!badge || !name || !status) {
        problems.push(`${key}: missing ${!badge ? "key badge" : !name ? "name" : "status"}`);
        continue;
      }
      const box = card.getBoundingClientRect();
      const parts = { "key badge": badge, name, status };
      const rects = Object.fromEntries(
        Object.entries(parts).map(([part, el]) => [part, el.getBoundingClientRect()]),
      ) as Record<keyof typeof parts, DOMRect>;
      for (const [part, r] of Object.entries(rects)) {
        if (r.width < 1 || r.height < 1) problems.push(`${key}: ${part} has no size ${at(r)}`);
        if (r.left < box.left - 0.5 || r.right > box.right + 0.5)
          problems.push(`${key}: ${part} ${at(r)} runs outside its card ${at(box)}`);
        if (r.left < -0.5 || r.right > screen + 0.5)
          problems.push(`${key}: ${part} ${at(r)} runs off the ${screen} px screen`);
      }
      const pairs = [
        ["key badge", "name"],
        ["key badge", "status"],
        ["name", "status"],
      ] as const;
      for (const [a, b] of pairs)
        if (overlaps(rects[a], rects[b]))
          problems.push(`${key}: ${a} ${at(rects[a])} overlaps ${b} ${at(rects[b])}`);
      // The name wraps; it is never cut or pushed out of its own box.
      if (name.scrollWidth > name.clientWidth + 1)
        problems.push(`${key}: name overflows its line (${name.scrollWidth} > ${name.clientWidth} px)`);
      if (badge.textContent !== key) problems.push(`${key}: key badge says "${badge.textContent}"`);
      if (!badge.title.includes(key))
        problems.push(`${key}: key badge's title "${badge.title}" lacks the key`);
    }
    return problems;
  });
}

test("long keys: no page scrolls sideways, cards keep name and status clear of the key, the track page's title stays on screen (390, 768, 1280 px)", async ({
  browser,
}) => {
  test.setTimeout(240_000);
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();

    await page.goto(server.baseURL);
    await expect(page.getByRole("article", { name: AUTH_NAME })).toBeVisible(SLOW);
    await expect(page.locator("article[data-track-key]")).toHaveCount(TRACK_COUNT, SLOW);
    // The finished tracks' cards say so before they are measured (the page may have loaded before they ended).
    for (const key of QUICK)
      await expect(
        page.locator(`article[data-track-key="${key}"]`).getByTestId("track-status"),
      ).toHaveAttribute("data-status", "completed", SLOW);
    await expectNoSidewaysScroll(page, `/ at ${width} px`);
    const problems = await cardHeaderProblems(page);
    expect(problems, `at ${width} px:\n${problems.join("\n")}`).toEqual([]);
    // Each card's name and status are really there to see (scrolled to, not hidden).
    for (const card of await page.locator("article[data-track-key]").all()) {
      await expect(card.getByTestId("track-name")).toBeVisible();
      await expect(card.getByTestId("track-status")).toBeVisible();
    }

    for (const key of [LONGEST, WAITING]) {
      await page.goto(`${server.baseURL}/tracks/${encodeURIComponent(key)}`);
      const title = page.locator("#track-title");
      await expect(title).toBeVisible(SLOW);
      await expect(page.getByTestId("track-header")).toHaveAttribute("data-track-key", key);
      await expectNoSidewaysScroll(page, `/tracks/${key} at ${width} px`);
      const screen = await page.evaluate(() => document.documentElement.clientWidth);
      const header = page.getByTestId("track-header");
      for (const [what, locator] of [
        ["h1", title],
        ["status", header.getByTestId("track-status")],
        ["key badge", header.getByTestId("track-key")],
      ] as const) {
        const box = await locator.boundingBox();
        expect(box, `${key} at ${width} px: ${what} is drawn`).not.toBeNull();
        expect(box?.x ?? -1, `${key} at ${width} px: ${what} starts on screen`).toBeGreaterThanOrEqual(0);
        expect(
          (box?.x ?? 0) + (box?.width ?? Number.POSITIVE_INFINITY),
          `${key} at ${width} px: ${what} ends on screen`,
        ).toBeLessThanOrEqual(screen + 0.5);
      }
      await expect(header.getByTestId("track-status")).toBeVisible();
    }
    await context.close();
  }
});

test("long keys in narrow places: the Gantt's phone labels tell them apart, the mini-Gantt's labels clear its bars, a failed track's time is no saving", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();

  // The Gantt on a phone: keys cut in the middle, all different; each link still named by its whole key.
  await page.goto(`${server.baseURL}/gantt`);
  await expect(page.getByTestId("gantt-chart")).toBeVisible(SLOW);
  const labels = page.getByTestId("gantt-track-label");
  await expect(labels).toHaveCount(TRACK_COUNT, SLOW);
  const shown = await labels.evaluateAll((links) =>
    links.map((a) => ({
      name: a.getAttribute("aria-label") ?? "",
      // The one of its two texts (phone, wider) the screen shows.
      text: [...a.children].find((c) => getComputedStyle(c).display !== "none")?.textContent ?? "",
      isCut: a.scrollWidth > a.clientWidth + 1,
    })),
  );
  expect(new Set(shown.map((l) => l.text)).size, JSON.stringify(shown)).toBe(TRACK_COUNT);
  expect(
    shown.filter((l) => l.isCut),
    "labels cut further by the column's width",
  ).toEqual([]);
  expect(shown.map((l) => l.name).sort()).toContain(LONGEST);
  await expectNoSidewaysScroll(page, "/gantt at 390 px");

  // The planner's mini-Gantts: every label ends left of every bar, and a key explains the bars.
  await page.goto(`${server.baseURL}/plan`);
  await expect(page.getByTestId("what-if-16GiB")).toBeVisible(SLOW);
  const charts = page.getByTestId("what-if-mini-gantt");
  await expect(charts.first()).toBeVisible(SLOW);
  const clashes = await charts.evaluateAll((svgs) =>
    svgs.flatMap((svg, i) => {
      const bars = [...svg.querySelectorAll("rect")].map((r) => Number(r.getAttribute("x")));
      const firstBar = Math.min(...bars);
      return [...svg.querySelectorAll<SVGTextElement>('text[data-testid="mini-gantt-label"]')]
        .map((t) => ({ label: t.textContent ?? "", right: t.getBBox().x + t.getBBox().width }))
        .filter((l) => l.right > firstBar)
        .map((l) => `chart ${i}: "${l.label}" ends at ${l.right.toFixed(1)}, a bar starts at ${firstBar}`);
    }),
  );
  expect(clashes, clashes.join("\n")).toEqual([]);
  await expect(page.getByTestId("mini-gantt-key").first()).toContainText("critical path");
  await expectNoSidewaysScroll(page, "/plan at 390 px");

  // The retrospective: the failed track's short running time reads as a failure, not "-75 % vs plan" in green.
  await page.goto(`${server.baseURL}/retrospective`);
  const table = page.getByTestId("planned-actual-table");
  await expect(table).toBeVisible(SLOW);
  const note = table.locator("tr", { hasText: FAILING }).getByTestId("plan-change");
  await expect(note).toHaveText(/^failed after \d/);
  await expect(note).not.toHaveClass(/green/);
  await context.close();
});
