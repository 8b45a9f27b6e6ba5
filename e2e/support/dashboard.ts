// Reading the dashboard and the machine the way a test needs to: the gauge, /proc/meminfo, the timeline's line.
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";

/** The machine's used % as /proc/meminfo gives it right now: (MemTotal − MemAvailable) / MemTotal. */
export async function readMeminfoUsedPercent(): Promise<number> {
  const text = await readFile("/proc/meminfo", "utf8");
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB$`, "m").exec(text);
    if (!match?.[1]) throw new Error(`/proc/meminfo has no ${name}`);
    return Number(match[1]);
  };
  const total = field("MemTotal");
  return ((total - field("MemAvailable")) / total) * 100;
}

/** The machine gauge (role meter, accessible name "System memory used"). */
export function machineGauge(page: Page): Locator {
  return page.getByRole("meter", { name: "System memory used" });
}

/** The length of the timeline's window (components/data/use-memory-history-query.ts). */
export const TIMELINE_WINDOW_MS = 10 * 60_000;

export type TimelineLine = {
  /** Points on the machine line. */
  points: number;
  /** How much time the drawn line covers, from its first to its last point. */
  spanMs: number;
  /** The timeline's own data attributes, when the component provides them. */
  firstAt: string | null;
  lastAt: string | null;
};

/**
 * Measures the machine line drawn in [data-testid=memory-timeline]: its first and last x against the x axis,
 * which spans TIMELINE_WINDOW_MS, so the pixel distance converts to the time the line covers.
 */
export async function readTimelineLine(page: Page): Promise<TimelineLine | null> {
  return page.locator('[data-testid="memory-timeline"]').evaluate((root, windowMs) => {
    const axis = root.querySelector(".recharts-xAxis .recharts-cartesian-axis-line");
    // The first line is the machine's (a budget line, when present, comes after it).
    const curve = root.querySelector("path.recharts-line-curve");
    const d = curve?.getAttribute("d");
    if (!axis || !d) return null;
    const axisWidth = Number(axis.getAttribute("x2")) - Number(axis.getAttribute("x1"));
    // "M x,y" then "L x,y" (linear) or "C c1x,c1y,c2x,c2y,x,y" (monotone): the point is each command's last pair.
    const commands = d.match(/[MLC][^MLC]*/g) ?? [];
    const xs = commands.map((c) => {
      const numbers = c
        .slice(1)
        .split(/[\s,]+/)
        .filter(Boolean)
        .map(Number);
      return numbers[numbers.length - 2] ?? Number.NaN;
    });
    const first = xs[0];
    const last = xs[xs.length - 1];
    if (first === undefined || last === undefined || !(axisWidth > 0)) return null;
    return {
      points: xs.length,
      spanMs: ((last - first) / axisWidth) * windowMs,
      firstAt: root.getAttribute("data-first-at"),
      lastAt: root.getAttribute("data-last-at"),
    };
  }, TIMELINE_WINDOW_MS);
}
