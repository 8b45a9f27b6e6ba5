// Keyboard only, with a real run going: focus never falls to the page when a control waits for its request or goes
// away. The Planner's buttons keep focus while they plan and check; "Override with reason" moves focus into the reason
// and Escape brings it back; a gate item ticked with Space keeps focus on its box; on a phone the runs table's links
// are reached through a scroll box that takes focus and scrolls (and that is no tab stop when nothing scrolls).
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";
import type { RunningServer } from "./support/server";
import { readTrackStatus, type WrittenPlan, writePlan } from "./support/tracks";

/** A first render can take a while on a busy 2-core machine. */
const SLOW = { timeout: 30_000 };

/** What holds focus: its tag and text, or "BODY" when focus fell to the page. */
function focused(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => ({
    tag: document.activeElement?.tagName ?? "none",
    text: document.activeElement?.textContent?.trim() ?? "",
  }));
}

function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => el === document.activeElement);
}

let plan: WrittenPlan;
let server: RunningServer;

test.beforeEach(async ({ launchServer, request }) => {
  plan = writePlan("tracks");
  server = await launchServer({ args: ["--plan", plan.file] });
  await expect.poll(() => readTrackStatus(request, server, "A"), SLOW).toBe("running");
});
test.afterEach(() => plan.remove());

test("Planner: the what-if and pre-flight buttons keep focus while they work and after their answer", async ({
  page,
}) => {
  await page.goto(`${server.baseURL}/plan`);
  // The plan loaded with the page has been planned once.
  await expect(page.getByTestId("what-if-16GiB")).toBeVisible(SLOW);

  const planButton = page.getByRole("button", { name: "Plan for 16 / 32 / 64 GB" });
  // Not waiting on an earlier plan (a press then is ignored and nothing is posted).
  await expect(planButton).not.toHaveAttribute("aria-disabled", "true");
  await planButton.focus();
  const planned = page.waitForResponse(
    (r) => r.url().endsWith("/api/plan/what-if") && r.request().method() === "POST",
  );
  await page.keyboard.press("Enter");
  expect((await planned).status()).toBe(200);
  await expect(page.getByTestId("what-if-16GiB")).toBeVisible();
  // The answer has landed: the button says what it does again, and it still holds focus.
  await expect(planButton).not.toHaveAttribute("aria-disabled", "true");
  await expect(planButton).toBeFocused();
  const afterPlan = await focused(page);
  expect(afterPlan.tag).toBe("BUTTON");
  expect(afterPlan.text).toContain("Plan for 16 / 32 / 64 GB");

  const check = page.getByRole("button", { name: "Check this plan on this machine" });
  await check.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("preflight-summary")).toBeVisible(SLOW);
  await expect(check).not.toHaveAttribute("aria-disabled", "true");
  await expect(check).toBeFocused();
  expect((await focused(page)).tag).toBe("BUTTON");
});

test("Phases: the override form takes focus and Escape gives it back; a gate item ticked with Space keeps focus", async ({
  page,
}) => {
  await page.goto(`${server.baseURL}/phases`);
  const phase1 = page.getByTestId("phase-1");
  await expect(phase1).toHaveAttribute("data-state", "current", SLOW);
  // The lead's two ticks are missing: the gate does not pass, so Advance waits and the override is offered.
  const advance = phase1.getByRole("button", { name: "Advance to phase 2" });
  await expect(advance).toHaveAttribute("aria-disabled", "true");
  await expect(advance).toHaveAccessibleDescription(/Blocked until every item passes/);

  const override = phase1.getByRole("button", { name: "Override with reason" });
  await override.focus();
  await page.keyboard.press("Enter");
  const reason = phase1.getByRole("textbox", { name: "Override reason" });
  await expect(reason).toBeVisible();
  await expect(reason).toBeFocused();
  await page.keyboard.type("e2e: keyboard only");
  await page.keyboard.press("Escape");
  await expect(reason).toHaveCount(0);
  await expect(override).toBeFocused();
  // Open again with Space: the reason starts empty (Escape discarded it), focus in it again.
  await page.keyboard.press("Space");
  await expect(reason).toBeFocused();
  await expect(reason).toHaveValue("");
  await page.keyboard.press("Escape");
  await expect(override).toBeFocused();

  // A manual gate item ticked with Space: focus stays on its box while the tick is on its way and after it.
  const item = phase1.getByTestId("gate-item-coordination-protocol-documented");
  const box = phase1.getByRole("checkbox", { name: "Coordination protocol documented" });
  await expect(box).not.toBeChecked();
  await box.focus();
  await page.keyboard.press("Space");
  await expect(box).toBeFocused();
  await expect(item).toHaveAttribute("data-status", "pass");
  await expect(box).toBeChecked();
  await expect(box).not.toHaveAttribute("aria-disabled", "true");
  await expect(box).toBeFocused();
  expect((await focused(page)).tag).toBe("INPUT");
  // And unticked again the same way.
  await page.keyboard.press("Space");
  await expect(item).toHaveAttribute("data-status", "manual");
  await expect(box).not.toBeChecked();
  await expect(box).toBeFocused();
});

test("Runs on a phone: the table's scroll box takes focus and scrolls, and its links are reached; on a wide screen it is no tab stop", async ({
  browser,
}) => {
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto(`${server.baseURL}/runs`);
  await expect(page.getByTestId("run-row")).toHaveCount(1, SLOW);
  const box = page.getByRole("group", { name: "Runs" });
  const sizes = () => box.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  const narrow = await sizes();
  expect(narrow.scroll, "the table is wider than a phone").toBeGreaterThan(narrow.client);
  // Measured once on the page: a tab stop, with a shadow on the side that has more.
  await expect(box).toHaveAttribute("tabindex", "0");
  await expect(page.getByTestId("scroll-more-right")).toBeVisible();

  await box.focus();
  await expect(box).toBeFocused();
  expect(await box.evaluate((el) => el.scrollLeft)).toBe(0);
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

  // Tab goes on into the table: the row's links, each named by its run, the last one scrolled into view.
  const retrospective = page.getByRole("link", { name: /^Retrospective of run / });
  for (let i = 0; i < 6 && !(await isFocused(retrospective)); i++) await page.keyboard.press("Tab");
  await expect(retrospective).toBeFocused();
  await expect(page.getByRole("link", { name: /^Gantt of run E2E tracks/ })).toHaveCount(1);
  const link = await retrospective.boundingBox();
  const viewport = page.viewportSize();
  expect(link, "the link is laid out").not.toBeNull();
  expect(link?.x ?? -1).toBeGreaterThanOrEqual(0);
  expect((link?.x ?? 0) + (link?.width ?? 0)).toBeLessThanOrEqual(viewport?.width ?? 390);
  // The page itself still does not scroll sideways: only the box does.
  const pageWidth = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(pageWidth.scroll).toBeLessThanOrEqual(pageWidth.client);
  await phone.close();

  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const wide = await desk.newPage();
  await wide.goto(`${server.baseURL}/runs`);
  await expect(wide.getByTestId("run-row")).toHaveCount(1, SLOW);
  const wideBox = wide.getByRole("group", { name: "Runs" });
  const roomy = await wideBox.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(roomy.scroll, "the table fits at 1280 px").toBeLessThanOrEqual(roomy.client + 1);
  await expect(wideBox).not.toHaveAttribute("tabindex");
  await expect(wide.getByTestId("scroll-more-right")).toHaveCount(0);
  await desk.close();
});
