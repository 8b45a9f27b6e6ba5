// bench:monitor (d): the overview's first load on a cold browser cache, from navigation start to the gauge's
// number in the DOM and on screen, against the real production server.
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { startServer } from "../e2e/support/server";

export type FirstLoad = { numberInDomMs: number; numberPaintedMs: number; fcpMs: number };

/**
 * Installed before the page's scripts: the time (ms from navigation start) the gauge's number first appears in
 * the DOM, whether the server's HTML brought it or a script put it there, and the animation frame after it.
 */
const WATCH_GAUGE = `(() => {
  const result = { numberInDomMs: null, numberPaintedMs: null };
  window.benchFirstLoad = result;
  const check = () => {
    if (result.numberInDomMs !== null) return;
    const value = document.querySelector('[data-testid="gauge-machine-value"]');
    if (!value || !/\\d/.test(value.textContent || "")) return;
    result.numberInDomMs = performance.now();
    requestAnimationFrame(() => { result.numberPaintedMs = performance.now(); });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true });
})();`;

/** (d) Cold loads of the overview: a fresh browser context each time (empty HTTP cache), one warm-up first. */
export async function measureFirstLoad(opts: { intervalMs: number; loads: number }): Promise<FirstLoad[]> {
  const distDir = process.env.E2E_NEXT_DIST_DIR ?? ".next";
  const server = await startServer({ env: { SAMPLE_INTERVAL_MS: String(opts.intervalMs) }, distDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const loads: FirstLoad[] = [];
  try {
    for (let i = 0; i <= opts.loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript({ content: WATCH_GAUGE });
      await page.goto(server.baseURL);
      const handle = await page.waitForFunction(
        () => {
          const r = (window as unknown as { benchFirstLoad: { numberPaintedMs: number | null } })
            .benchFirstLoad;
          return r.numberPaintedMs === null ? null : r;
        },
        undefined,
        { timeout: 30_000 },
      );
      const result = (await handle.jsonValue()) as Omit<FirstLoad, "fcpMs">;
      const fcpMs = await page.evaluate(
        () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? Number.NaN,
      );
      // Nothing is on screen before the first contentful paint: a number in the HTML shows with it.
      if (i > 0) loads.push({ ...result, numberPaintedMs: Math.max(result.numberPaintedMs, fcpMs), fcpMs });
      await context.close();
    }
    return loads;
  } finally {
    await browser.close();
    await server.stop();
  }
}
