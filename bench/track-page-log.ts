// The track page beside a chatty agent: how long its main thread takes to answer while the live log streams, the
// page's own measure of responsiveness. A track prints a 200-character line every millisecond (the server pushes
// at most LIVE_LINES_PER_SECOND of them a second); Chromium follows its page; every 250 ms the bench asks the page
// for a trivial value and times the round trip, and reads how many lines the page shows.
//   npx tsx bench/track-page-log.ts [--seconds 20]   (against the build in NEXT_DIST_DIR or .next)
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { startServer } from "../e2e/support/server";

const PLAN = `name: chatty-track-page
ram:
  budget: 2GB
tracks:
  - key: A
    ram: 100MB
    command: "node -e \\"const s='x'.repeat(200); let i=0; setInterval(()=>console.log(i++ + ' ' + s), 1)\\""
`;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1)))] ?? Number.NaN;
}

async function main() {
  const { values } = parseArgs({ options: { seconds: { type: "string", default: "20" } } });
  const seconds = Number(values.seconds);
  const distDir = process.env.NEXT_DIST_DIR ?? ".next";
  const server = await startServer({ distDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const started = await fetch(`${server.baseURL}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ plan: PLAN }),
    });
    if (!started.ok) throw new Error(`the run did not start: ${started.status} ${await started.text()}`);
    const page = await browser.newPage();
    await page.goto(`${server.baseURL}/tracks/A`);
    await page
      .getByTestId("log-status")
      .and(page.locator('[data-status="live"]'))
      .waitFor({ timeout: 60_000 });
    const roundTrips: number[] = [];
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const t0 = performance.now();
      await page.evaluate(() => document.title);
      roundTrips.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const shown = await page.getByTestId("log-line").count();
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(`track page, ${seconds} s beside a track printing ~1000 lines a second (build: ${distDir})`);
    console.log(
      `  main thread answers: p50 ${ms(percentile(roundTrips, 0.5))}, p95 ${ms(percentile(roundTrips, 0.95))}, ` +
        `max ${ms(Math.max(...roundTrips))} over ${roundTrips.length} asks; ${shown} lines shown`,
    );
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
