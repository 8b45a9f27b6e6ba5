// Benchmarks what issue #9 asks of the server under stress: (a) the gap between memory samples while the largest
// accepted plan (500 tracks) is posted to POST /api/runs and POST /api/plan/what-if; (b) with `stress-ng --cpu
// <2 × cores>` running, how fast the overview's data (tracks, governor) answers, how long the overview takes to
// show its track cards in Chromium, and whether samples keep their period. Real production server (needs a prior
// `next build`), real agents.
// Usage: npm run bench:security -- [--interval-ms N] [--stress-seconds N] [--skip-browser]
// Targets: sampling gap < 2 × the period during both requests; overview data within 2 s under CPU pressure.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import { io, type Socket } from "socket.io-client";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { startServer } from "../e2e/support/server";
import { PLAN_LIMITS } from "../lib/domain/plan/plan-limits";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} needs a positive number`);
    process.exit(2);
  }
  return n;
}

const INTERVAL_MS = flag("interval-ms", 500);
const STRESS_SECONDS = flag("stress-seconds", 40);
const SKIP_BROWSER = process.argv.includes("--skip-browser");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** The largest plan the limits accept: PLAN_LIMITS.tracks small tracks, every third depending on its predecessor. */
function largestPlan(dir: string): string {
  let text = `name: bench security (largest accepted plan)\nworkdir: ${dir}\nmaxConcurrent: 2\nram: { budget: 2GB }\ntracks:\n`;
  for (let i = 0; i < PLAN_LIMITS.tracks; i++) {
    text += `  - key: T${i}\n    ram: ${10 + (i % 7)}MB\n    duration: ${5 + (i % 11)}m\n    command: sleep 20\n`;
    if (i > 0 && i % 3 === 0) text += `    dependsOn: [T${i - 1}]\n`;
  }
  return text;
}

/** Arrival times (ms, performance clock) of memory:sample pushes. */
function watchSamples(baseURL: string): { arrivals: number[]; socket: Socket } {
  const arrivals: number[] = [];
  const socket = io(baseURL, { transports: ["websocket"] });
  socket.on("memory:sample", () => arrivals.push(performance.now()));
  return { arrivals, socket };
}

/** The longest gap between consecutive arrivals inside [from, to], counting the edges of the window. */
function longestGap(arrivals: number[], from: number, to: number): number {
  const inside = arrivals.filter((t) => t >= from && t <= to);
  const before = arrivals.filter((t) => t < from).at(-1) ?? from;
  const after = arrivals.find((t) => t > to) ?? to;
  const points = [before, ...inside, after];
  let gap = 0;
  for (let i = 1; i < points.length; i++) gap = Math.max(gap, (points[i] ?? 0) - (points[i - 1] ?? 0));
  return gap;
}

async function timed(
  run: () => Promise<Response>,
): Promise<{ ms: number; status: number; start: number; end: number }> {
  const start = performance.now();
  const response = await run();
  await response.text();
  const end = performance.now();
  return { ms: end - start, status: response.status, start, end };
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-bench-security-"));
  const planFile = path.join(dir, "largest.yaml");
  writeFileSync(planFile, largestPlan(dir));
  const server = await startServer({ env: { SAMPLE_INTERVAL_MS: String(INTERVAL_MS) } });
  const { arrivals, socket } = watchSamples(server.baseURL);
  const json = { "content-type": "application/json" };
  let stress: ChildProcess | null = null;
  try {
    await sleep(3000);
    console.log(`Sampling period ${INTERVAL_MS} ms; plan ${PLAN_LIMITS.tracks} tracks (${planFile})\n`);
    console.log("(a) Sampling gap while a maximal plan is handled");
    const source = largestPlan(dir);
    const whatIf = await timed(() =>
      fetch(`${server.baseURL}/api/plan/what-if`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ plan: source }),
      }),
    );
    await sleep(2 * INTERVAL_MS);
    const run = await timed(() =>
      fetch(`${server.baseURL}/api/runs`, {
        method: "POST",
        headers: json,
        body: JSON.stringify({ path: planFile }),
      }),
    );
    await sleep(2 * INTERVAL_MS);
    const rows = [
      ["POST /api/plan/what-if", whatIf],
      ["POST /api/runs (path)", run],
    ] as const;
    for (const [name, t] of rows) {
      const gap = longestGap(arrivals, t.start, t.end);
      console.log(
        `  ${name.padEnd(24)} answered ${t.status} in ${t.ms.toFixed(0).padStart(6)} ms; longest sampling gap ${gap.toFixed(0).padStart(5)} ms = ${(gap / INTERVAL_MS).toFixed(2)} × period (target < 2) ${gap < 2 * INTERVAL_MS ? "PASS" : "MISS"}`,
      );
    }

    console.log(`\n(b) Under CPU pressure: stress-ng --cpu ${2 * os.cpus().length} for ${STRESS_SECONDS} s`);
    if (spawnSync("stress-ng", ["--version"]).status !== 0) {
      console.log("  skipped: stress-ng is not installed (apt-get install -y stress-ng)");
      return;
    }
    stress = spawn(
      "stress-ng",
      ["--cpu", String(2 * os.cpus().length), "--timeout", `${STRESS_SECONDS}s`, "--quiet"],
      {
        stdio: "ignore",
        // Its own process group, so that the workers it forks end with it.
        detached: true,
      },
    );
    await sleep(3000);
    const stressFrom = performance.now();
    const latencies: Record<string, number[]> = { "/api/tracks": [], "/api/governor": [] };
    for (let i = 0; i < 10; i++) {
      for (const route of Object.keys(latencies)) {
        const t = await timed(() => fetch(`${server.baseURL}${route}`));
        latencies[route]?.push(t.ms);
      }
      await sleep(500);
    }
    const pageMs: number[] = [];
    if (!SKIP_BROWSER) {
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      try {
        for (let i = 0; i < 3; i++) {
          const page = await browser.newPage();
          const started = performance.now();
          await page.goto(server.baseURL);
          await page.getByRole("article").first().waitFor({ timeout: 30_000 });
          pageMs.push(performance.now() - started);
          await page.close();
        }
      } finally {
        await browser.close();
      }
    }
    const stressTo = performance.now();
    const periods: number[] = [];
    const inside = arrivals.filter((t) => t >= stressFrom && t <= stressTo);
    for (let i = 1; i < inside.length; i++) periods.push((inside[i] ?? 0) - (inside[i - 1] ?? 0));
    for (const [route, values] of Object.entries(latencies)) {
      console.log(
        `  GET ${route.padEnd(14)} p50 ${percentile(values, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(values, 95).toFixed(0).padStart(5)} ms  max ${Math.max(
          ...values,
        )
          .toFixed(0)
          .padStart(5)} ms (target ≤ 2000) ${Math.max(...values) <= 2000 ? "PASS" : "MISS"}`,
      );
    }
    if (pageMs.length > 0)
      console.log(
        `  overview: track cards shown after ${pageMs.map((ms) => ms.toFixed(0)).join(", ")} ms (cold page, warm server) ${Math.max(...pageMs) <= 2000 ? "PASS" : "MISS"}`,
      );
    console.log(
      `  samples: ${inside.length} in ${((stressTo - stressFrom) / 1000).toFixed(1)} s; period p50 ${percentile(periods, 50).toFixed(0)} ms, p95 ${percentile(periods, 95).toFixed(0)} ms, max ${Math.max(...periods).toFixed(0)} ms (period ${INTERVAL_MS} ms; the governor samples every 250 ms above Green)`,
    );
  } finally {
    if (stress?.pid) process.kill(-stress.pid, "SIGKILL");
    socket.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
