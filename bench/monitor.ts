// Benchmarks the memory monitor: (a) CPU time of one tick's reading + classification, in-process;
// (b) sample-to-screen latency in Debian's Chromium against the real production server (needs a prior
// `next build`; E2E_NEXT_DIST_DIR picks its folder, default .next), with what each sample costs the page
// (main-thread time, renderer CPU); (c) the whole server's CPU per sample; (d) first load: navigation to the
// gauge's number on a cold browser cache.
// Usage: npm run bench:monitor -- [--samples N] [--render-samples N] [--interval-ms N] [--loads N]
//        [--skip-browser] [--hide-timeline] [--timeline-in-view]
// Targets: ≤ 0.5 % of one core at 1 Hz; p95 sample-to-screen ≤ 50 ms on loopback; ≤ 10 ms renderer CPU per
// sample; the gauge's number ≤ 1 s after navigation.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium } from "@playwright/test";
import si from "systeminformation";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "../e2e/support/chromium";
import { REPO_ROOT, startServer } from "../e2e/support/server";
import { computeMemorySample } from "../lib/domain/governor/memory-view";
import type { MemorySample, Zone, ZoneThresholds } from "../lib/domain/types";
import { readCgroupMemory } from "../lib/monitor/cgroup";
import { readPsi } from "../lib/monitor/psi";
import { readMachineMemory } from "../lib/monitor/system-memory";
import { measureFirstLoad } from "./monitor-first-load";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function positiveInt(name: string, fallback: number, min = 1): number {
  const raw = flag(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} needs an integer ≥ ${min}, got ${raw}`);
    process.exit(2);
  }
  return n;
}

const TICK_SAMPLES = positiveInt("samples", 300, 300);
const RENDER_SAMPLES = positiveInt("render-samples", 120, 100);
const INTERVAL_MS = positiveInt("interval-ms", 200, 50);
const COLD_LOADS = positiveInt("loads", 5, 1);
const SKIP_BROWSER = process.argv.includes("--skip-browser");
// Diagnostic: hides the timeline (display: none, so recharts has no size to draw) to show the chart's share.
const HIDE_TIMELINE = process.argv.includes("--hide-timeline");
// With a run, the timeline sits below the fold at 1280×900 and does not redraw there; this scrolls it into view,
// so its redraws are counted too.
const TIMELINE_IN_VIEW = process.argv.includes("--timeline-in-view");
const WARM_UP = 20;
const THRESHOLDS: ZoneThresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };

/** Nearest-rank percentile of an unsorted list. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "—");

function printTable(header: string[], rows: string[][]) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`  ${line(header)}`);
  console.log(`  ${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(`  ${line(row)}`);
}

/** (a) CPU µs of readMachineMemory + computeMemorySample, one call at a time, as the monitor's tick does. */
async function measureTickCpu(): Promise<{ cpuUs: number[]; wallMs: number[] }> {
  const cpuUs: number[] = [];
  const wallMs: number[] = [];
  let previousZone: Zone | null = null;
  for (let i = 0; i < WARM_UP + TICK_SAMPLES; i++) {
    const wall0 = performance.now();
    const cpu0 = process.cpuUsage();
    const reading = await readMachineMemory();
    const sample: MemorySample = computeMemorySample({
      at: new Date().toISOString(),
      meminfo: reading.meminfo,
      cgroup: reading.cgroup,
      psi: reading.psi,
      agentsBytes: 0,
      budgetBytes: null,
      hardFloorBytes: null,
      thresholds: THRESHOLDS,
      previousZone,
    });
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - wall0;
    previousZone = sample.zone;
    if (i >= WARM_UP) {
      cpuUs.push(cpu.user + cpu.system);
      wallMs.push(wall);
    }
    // Space the calls a little, like a sampler would, rather than a hot loop.
    await sleep(10);
  }
  return { cpuUs, wallMs };
}

/** Median CPU µs of each part of a reading on its own, to show where a tick's time goes. */
async function measureParts(): Promise<[string, number][]> {
  const reading = await readMachineMemory();
  const parts: [string, () => unknown][] = [
    ["  si.mem() (/proc/meminfo)", () => si.mem()],
    ["  readCgroupMemory()", () => readCgroupMemory()],
    ["  readPsi()", () => readPsi()],
    [
      "  computeMemorySample()",
      () =>
        computeMemorySample({
          at: new Date().toISOString(),
          ...reading,
          agentsBytes: 0,
          budgetBytes: null,
          hardFloorBytes: null,
          thresholds: THRESHOLDS,
          previousZone: null,
        }),
    ],
  ];
  const medians: [string, number][] = [];
  for (const [label, run] of parts) {
    const cpuUs: number[] = [];
    for (let i = 0; i < WARM_UP + 100; i++) {
      const cpu0 = process.cpuUsage();
      await run();
      const cpu = process.cpuUsage(cpu0);
      if (i >= WARM_UP) cpuUs.push(cpu.user + cpu.system);
      await sleep(5);
    }
    medians.push([label, percentile(cpuUs, 50)]);
  }
  return medians;
}

type RenderRecord = { at: string; receivedAt: number; domAt: number; frameAt: number };

/**
 * Installed before the page's scripts (as text: tsx's helpers must not leak into the page): notes each
 * memory:sample frame from the socket (its `at`), then the first DOM change in the gauge, the "Last sample"
 * figure or the timeline after it, and the animation frame after that (the frame that paints it).
 */
const INSTRUMENT_PAGE = `(() => {
  const records = [];
  let pending = null;
  window.benchRecords = records;
  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      // Added before Socket.IO's own handler, so the sample is noted before the app sees it.
      this.addEventListener("message", (event) => {
        if (typeof event.data !== "string" || !event.data.startsWith('42["memory:sample"')) return;
        pending = { at: JSON.parse(event.data.slice(2))[1].at, receivedAt: Date.now() };
      });
    }
  };
  const watched = '[role="meter"], [data-testid="sample-time"], [data-testid="memory-timeline"]';
  new MutationObserver((mutations) => {
    if (!pending) return;
    const relevant = mutations.some((m) => {
      const element = m.target instanceof Element ? m.target : m.target.parentElement;
      return element && element.closest(watched) !== null;
    });
    if (!relevant) return;
    const seen = pending;
    pending = null;
    const domAt = Date.now();
    requestAnimationFrame(() => records.push({ ...seen, domAt, frameAt: Date.now() }));
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})();`;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function measureRenderLatency() {
  const distDir = process.env.E2E_NEXT_DIST_DIR ?? ".next";
  if (!existsSync(path.join(REPO_ROOT, distDir, "BUILD_ID"))) {
    throw new Error(
      `no production build in ${distDir}: run \`next build\` first (or set E2E_NEXT_DIST_DIR to a built folder)`,
    );
  }
  const server = await startServer({ env: { SAMPLE_INTERVAL_MS: String(INTERVAL_MS) }, distDir });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript({ content: INSTRUMENT_PAGE });
    await page.goto(server.baseURL);
    if (HIDE_TIMELINE)
      await page.addStyleTag({ content: '[data-testid="memory-timeline"] { display: none !important; }' });
    await page.getByRole("meter", { name: "System memory used" }).waitFor();
    if (TIMELINE_IN_VIEW) await page.getByTestId("memory-timeline").scrollIntoViewIfNeeded();
    // CDP Performance metrics of the page's renderer: TaskDuration is the main thread's busy wall time (script,
    // style, layout, paint); ThreadTime its CPU time; ProcessTime the CPU time of the whole renderer process
    // (compositor and raster threads too), which does not grow when other work slows the box down.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const pageMetrics = async () => {
      const { metrics } = await cdp.send("Performance.getMetrics");
      const pick = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
      return { task: pick("TaskDuration"), thread: pick("ThreadTime"), process: pick("ProcessTime") };
    };
    // CPU time of the renderer processes (load-independent, unlike wall-clock task time).
    const browserCdp = await browser.newBrowserCDPSession();
    const rendererCpuSeconds = async () => {
      const { processInfo } = (await browserCdp.send("SystemInfo.getProcessInfo")) as {
        processInfo: { type: string; cpuTime: number }[];
      };
      return processInfo.filter((p) => p.type === "renderer").reduce((sum, p) => sum + p.cpuTime, 0);
    };
    let metrics0 = { task: 0, thread: 0, process: 0 };
    let renderer0 = 0;
    const warmUp = 10;
    const wanted = warmUp + RENDER_SAMPLES;
    const pid = server.pid();
    let cpu0 = 0;
    let window0 = 0;
    const deadline = Date.now() + 60_000 + wanted * INTERVAL_MS * 3;
    // Polled by count only (and seldom): reading the records themselves costs the page CPU we are measuring.
    const recorded = () =>
      page.evaluate(() => (window as unknown as { benchRecords: RenderRecord[] }).benchRecords.length);
    let count = 0;
    while (Date.now() < deadline) {
      count = await recorded();
      if (count >= warmUp && window0 === 0 && pid) {
        cpu0 = processCpuSeconds(pid);
        metrics0 = await pageMetrics();
        renderer0 = await rendererCpuSeconds();
        window0 = Date.now();
      }
      if (count >= wanted) break;
      await sleep(window0 === 0 ? 100 : 1000);
    }
    const cpuSeconds = pid && window0 > 0 ? processCpuSeconds(pid) - cpu0 : Number.NaN;
    const metrics1 = await pageMetrics();
    const pageSeconds = {
      task: metrics1.task - metrics0.task,
      thread: metrics1.thread - metrics0.thread,
      process: metrics1.process - metrics0.process,
    };
    const rendererSeconds = (await rendererCpuSeconds()) - renderer0;
    const windowMs = Date.now() - window0;
    const records = await page.evaluate(
      () => (window as unknown as { benchRecords: RenderRecord[] }).benchRecords,
    );
    if (records.length < wanted)
      throw new Error(`only ${records.length} of ${wanted} samples reached the screen in time`);
    return { records: records.slice(warmUp, wanted), cpuSeconds, pageSeconds, rendererSeconds, windowMs };
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main() {
  const load = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `Monitor benchmark · ${os.cpus().length} cores · ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB · Node ${process.version} · load average ${load.join(" ")}`,
  );

  const tick = await measureTickCpu();
  const cpuMedian = percentile(tick.cpuUs, 50);
  const cpuP95 = percentile(tick.cpuUs, 95);
  console.log(
    `\n(a) One tick's reading + classification (readMachineMemory + computeMemorySample), in-process`,
  );
  console.log(
    `    ${tick.cpuUs.length} samples after ${WARM_UP} warm-up; CPU via process.cpuUsage() (all threads)\n`,
  );
  printTable(
    ["figure", "median", "p95", "target"],
    [
      ["CPU per sample (µs)", fmt(cpuMedian, 0), fmt(cpuP95, 0), ""],
      ["% of one core at 1 Hz", fmt(cpuMedian / 1e4, 3), fmt(cpuP95 / 1e4, 3), "≤ 0.5"],
      [
        "wall time per sample (ms)",
        fmt(percentile(tick.wallMs, 50), 2),
        fmt(percentile(tick.wallMs, 95), 2),
        "",
      ],
      ...(await measureParts()).map(([label, us]) => [`${label} (µs)`, fmt(us, 0), "", ""]),
    ],
  );

  if (SKIP_BROWSER) return;
  const render = await measureRenderLatency();
  const lat = (pick: (r: RenderRecord) => number) => render.records.map((r) => pick(r) - Date.parse(r.at));
  const rows = [
    ["socket message received", lat((r) => r.receivedAt)],
    ["DOM updated", lat((r) => r.domAt)],
    ["next animation frame", lat((r) => r.frameAt)],
    ["  of which in the page (received → DOM)", render.records.map((r) => r.domAt - r.receivedAt)],
  ] as const;
  console.log(
    `\n(b) Sample → screen in Chromium (server timestamp \`at\` → page Date.now()), SAMPLE_INTERVAL_MS=${INTERVAL_MS}${HIDE_TIMELINE ? ", timeline hidden" : ""}${TIMELINE_IN_VIEW ? ", timeline scrolled into view" : ", page as loaded (no run: the timeline is in view at 1280×900)"}`,
  );
  const loadNow = os.loadavg().map((l) => l.toFixed(2));
  console.log(
    `    ${render.records.length} samples after 10 warm-up, same machine clock, loopback; load average now ${loadNow.join(" ")}\n`,
  );
  printTable(
    ["stage (ms after the sample's at)", "p50", "p95", "max", "target"],
    rows.map(([label, values]) => [
      label,
      fmt(percentile(values, 50)),
      fmt(percentile(values, 95)),
      fmt(Math.max(...values)),
      label === "DOM updated" ? "p95 ≤ 50" : "",
    ]),
  );

  const samplesInWindow = render.windowMs / INTERVAL_MS;
  const perSample = (seconds: number) => fmt((seconds * 1000) / samplesInWindow, 1);
  console.log(`\n    What each sample costs the page (over ${fmt(samplesInWindow, 0)} samples):\n`);
  printTable(
    ["per sample (ms)", "value", "target"],
    [
      ["renderer process CPU (CDP Performance ProcessTime)", perSample(render.pageSeconds.process), "≤ 10"],
      ["  main thread CPU (CDP Performance ThreadTime)", perSample(render.pageSeconds.thread), ""],
      ["  main thread busy, wall (CDP Performance TaskDuration)", perSample(render.pageSeconds.task), ""],
      ["all renderer processes' CPU (SystemInfo.getProcessInfo)", perSample(render.rendererSeconds), ""],
    ],
  );
  const perSampleMs = (render.cpuSeconds * 1000) / samplesInWindow;
  console.log(
    `\n(c) Whole server process during (b): ${fmt(render.cpuSeconds, 2)} CPU s over ${fmt(render.windowMs / 1000)} s` +
      ` ≈ ${fmt(perSampleMs, 2)} ms per sample (read, classify, store, push, serve one page; includes idle cost)` +
      ` ≈ ${fmt(perSampleMs / 10, 2)} % of one core at 1 Hz`,
  );

  const loads = await measureFirstLoad({ intervalMs: INTERVAL_MS, loads: COLD_LOADS });
  console.log(
    `\n(d) First load of the overview: navigation start → the gauge's number, ${loads.length} cold loads (fresh browser context each, after one warm-up)\n`,
  );
  printTable(
    ["ms after navigation start", "p50", "max", "target"],
    [
      ["gauge's number in the DOM", loads.map((l) => l.numberInDomMs)],
      ["first frame showing it (≥ first paint)", loads.map((l) => l.numberPaintedMs)],
      ["first contentful paint", loads.map((l) => l.fcpMs)],
    ].map(([label, values]) => [
      label as string,
      fmt(percentile(values as number[], 50), 0),
      fmt(Math.max(...(values as number[])), 0),
      label === "first frame showing it (≥ first paint)" ? "≤ 1000" : "",
    ]),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
