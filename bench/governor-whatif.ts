// What-if for the governor benchmark: the real decision function (lib/domain/governor/governor.ts) in a modelled
// world (bench/governor-sim.ts) with the benchmark's two job sets, to show what the admission rules cost and gain
// without noise from the machine, and a modelled GNU parallel --memfree beside it.
//   npx tsx bench/governor-whatif.ts [--usable-gib 4] [--jitter 0.1] [--seeds 3] [--margin-grid]
// For each job set and each kind of estimates (correct, 30 % low, none): a first run (no profiles), a second run
// on the profiles the first one learned, and the first run as the engine fed the governor before growth-aware
// admission (no running time, profiles or requeues: full reservations). Figures are means over the seeds, with
// the corrections (pauses + stop-requeues) next to each makespan. Above each table, a reference: the best start
// order a search finds with every curve and length known in advance (bench/governor-optimum.ts).
import { parseArgs } from "node:util";
import { decideGovernorActions, initialGovernorMemory } from "../lib/domain/governor/governor";
import { makeTrack } from "../lib/domain/governor/governor-fixtures";
import type { GovernorMemory, GovernorTrack } from "../lib/domain/governor/governor-types";
import { END_SLACK, GROWTH_LEAD } from "../lib/domain/governor/memory-projection";
import type { ZoneThresholds } from "../lib/domain/types";
import { buildJobSet, JOB_SET_NAMES, type JobSetName, ramTimeLowerBoundSeconds } from "./governor-jobs";
import { searchStaticOptimum } from "./governor-optimum";
import { formatTable } from "./governor-report";
import { type EstimateMode, type SimOptions, simulateGovernorRun, simulateMemfree } from "./governor-sim";

const GIB = 1024 ** 3;
const THRESHOLDS: ZoneThresholds = { yellow: 60, orange: 75, red: 85, hysteresis: 2 };
/** The admission line the benchmark's Paratrack runs keep (the plan default). */
const ADMIT_BELOW = 75;
/** The benchmark's machine line: the floor is 12 % of the physical memory (24 GiB here). */
const FLOOR_BYTES = 0.12 * 24 * GIB;

type Row = {
  makespan: number;
  corrections: number;
  pauses: number;
  requeues: number;
  peak: number;
  completed: number;
  decisionP95: number | null;
  /** The slowest decision (a replanning pass, when one ran). */
  decisionMax: number | null;
};

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function p95(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(0.95 * (sorted.length - 1))] ?? null;
}

/** Means over seeds of a runner: "first", "learned" (second run on the first's profiles) or "today" (legacy feed). */
export function simulateRunner(
  setName: JobSetName,
  estimates: EstimateMode,
  runner: "first" | "learned" | "today",
  options: { usableBytes: number; jitter: number; seeds: number },
): Row {
  const jobs = buildJobSet(1, setName);
  const rows: Row[] = [];
  const decisionMs: number[] = [];
  for (let seed = 1; seed <= options.seeds; seed++) {
    const base: SimOptions = {
      usableBytes: options.usableBytes,
      estimates,
      jitter: options.jitter,
      seed,
      clock: () => performance.now(),
    };
    const first = simulateGovernorRun(jobs, runner === "today" ? { ...base, feed: "legacy" } : base);
    const result =
      runner === "learned"
        ? simulateGovernorRun(jobs, { ...base, seed: seed + 1000, store: first.store })
        : first;
    decisionMs.push(...result.decisionMs);
    rows.push({
      makespan: result.makespanSeconds,
      corrections: result.corrections,
      pauses: result.counts.pause,
      requeues: result.counts["stop-requeue"],
      peak: result.peakPercent,
      completed: result.completed,
      decisionP95: null,
      decisionMax: null,
    });
  }
  return {
    makespan: mean(rows.map((r) => r.makespan)),
    corrections: mean(rows.map((r) => r.corrections)),
    pauses: mean(rows.map((r) => r.pauses)),
    requeues: mean(rows.map((r) => r.requeues)),
    peak: Math.max(...rows.map((r) => r.peak)),
    completed: Math.min(...rows.map((r) => r.completed)),
    decisionP95: p95(decisionMs),
    decisionMax: decisionMs.length > 0 ? Math.max(...decisionMs) : null,
  };
}

/**
 * The stall the benchmark once found: every active track paused by the governor, use flat in Yellow or Orange
 * (paused tracks do not grow). Returns the governor's first start, pause, resume or stop in ten minutes of that,
 * or null: then no track would ever run again.
 */
export function firstActionOnPausedPlateau(
  zone: "yellow" | "orange",
  percent: number,
): { atSeconds: number; action: string } | null {
  const usable = 4 * GIB;
  const paused = (key: string, position: number, bytes: number): GovernorTrack =>
    makeTrack(key, {
      position,
      estimateBytes: bytes / 2,
      status: "paused",
      pausedBy: "governor",
      currentBytes: bytes,
      observedPeakBytes: bytes,
      startedAt: 0,
      progress: 50,
    });
  // The spike probe's three paused jobs (2.75 GiB = 68.75 % of 4 GiB), scaled to the plateau asked for.
  const scale = percent / 68.75;
  const tracks = [
    paused("j02", 0, 0.6 * GIB * scale),
    paused("j07", 1, 1.0 * GIB * scale),
    paused("j09", 2, 1.15 * GIB * scale),
    makeTrack("j10", { position: 3, estimateBytes: 0.4 * GIB }),
  ];
  const usedBytes = tracks.reduce((sum, t) => sum + t.currentBytes, 0);
  // Just after a Red episode whose stop brought use down to this level, as in the benchmark's spike probe.
  let memory: GovernorMemory = {
    ...initialGovernorMemory(),
    zone: "red",
    redSince: 0,
    unsettled: true,
    lastStopAt: 5_000,
    lastDeferAt: 5_000,
    deferredAtUsedBytes: usedBytes,
  };
  for (let now = 6_000; now < 606_000; now += 250) {
    const decision = decideGovernorActions(
      {
        now,
        zone,
        usedPercent: (usedBytes / usable) * 100,
        usedBytes,
        capacityBytes: usable,
        thresholds: THRESHOLDS,
        policy: {
          admitBelow: ADMIT_BELOW,
          graceSeconds: 5,
          settleSeconds: 10,
          maxConcurrent: 4,
          baseIntervalMs: 1000,
          fastIntervalMs: 250,
        },
        enabled: true,
        tracks,
      },
      memory,
    );
    memory = decision.memory;
    const first = decision.actions.find((a) => a.kind !== "alert");
    if (first) return { atSeconds: (now - 6_000) / 1000, action: `${first.kind}: ${first.reason}` };
  }
  return null;
}

/**
 * What the projection's margins cost at best: the best start order a search finds with every curve known, below the
 * admission line, when growth is drawn that much earlier and ends that much later (the same fraction for both).
 */
export function marginGrid(usableBytes: number, margins = [0, 0.03, 0.05, 0.07, 0.1]): string[] {
  const line = (ADMIT_BELOW / 100) * usableBytes;
  const rows = JOB_SET_NAMES.map((setName) => {
    const jobs = buildJobSet(1, setName);
    const bound = ramTimeLowerBoundSeconds(jobs, usableBytes);
    return [
      setName,
      ...margins.map((m) => {
        const best = searchStaticOptimum(jobs, {
          lineBytes: line,
          margins: { growthLead: m, endSlack: m },
          restarts: 30,
          moves: 150,
        });
        return `${(best.seconds / bound).toFixed(3)}×`;
      }),
    ];
  });
  return [
    `Best start order with every curve known, below the ${ADMIT_BELOW} % line, as × the RAM·time bound, by margin:`,
    "",
    formatTable(["job set", ...margins.map((m) => `${Math.round(m * 100)} %`)], rows),
  ];
}

function main(): void {
  const { values } = parseArgs({
    options: {
      "usable-gib": { type: "string", default: "4" },
      jitter: { type: "string", default: "0.1" },
      seeds: { type: "string", default: "3" },
      "margin-grid": { type: "boolean", default: false },
    },
  });
  const usableBytes = Number(values["usable-gib"]) * GIB;
  const jitter = Number(values.jitter);
  const seeds = Math.max(1, Math.round(Number(values.seeds)));
  const lines: string[] = [];
  if (values["margin-grid"]) {
    process.stdout.write(`${marginGrid(usableBytes).join("\n")}\n`);
    return;
  }
  for (const setName of JOB_SET_NAMES) {
    const jobs = buildJobSet(1, setName);
    const bound = ramTimeLowerBoundSeconds(jobs, usableBytes);
    const sequential = jobs.reduce((sum, job) => sum + job.seconds, 0);
    const memfree = mean(
      Array.from(
        { length: seeds },
        (_, i) =>
          simulateMemfree(jobs, { usableBytes, floorBytes: FLOOR_BYTES, jitter, seed: i + 1 })
            .makespanSeconds,
      ),
    );
    const rows: string[][] = [];
    for (const estimates of ["correct", "low", "none"] as const) {
      for (const runner of ["today", "first", "learned"] as const) {
        const r = simulateRunner(setName, estimates, runner, { usableBytes, jitter, seeds });
        rows.push([
          estimates === "low" ? "30 % low" : estimates,
          runner === "today"
            ? "engine as today (no feeding)"
            : runner === "first"
              ? "first run"
              : "learned (2nd run)",
          `${r.makespan.toFixed(1)} s`,
          `${(r.makespan / bound).toFixed(2)}×`,
          `${(r.makespan / memfree).toFixed(2)}×`,
          `${(r.makespan / sequential).toFixed(2)}×`,
          `${r.corrections.toFixed(1)} (${r.pauses.toFixed(1)} p, ${r.requeues.toFixed(1)} rq)`,
          `${r.peak.toFixed(0)} %`,
          `${r.completed}/${jobs.length}`,
          r.decisionP95 === null ? "—" : `${r.decisionP95.toFixed(2)} ms`,
          r.decisionMax === null ? "—" : `${r.decisionMax.toFixed(1)} ms`,
        ]);
      }
    }
    const line = (ADMIT_BELOW / 100) * usableBytes;
    const exact = searchStaticOptimum(jobs, { lineBytes: line, margins: { growthLead: 0, endSlack: 0 } });
    const margined = searchStaticOptimum(jobs, {
      lineBytes: line,
      margins: { growthLead: GROWTH_LEAD, endSlack: END_SLACK },
    });
    lines.push(
      `Job set "${setName}" (modelled): ${jobs.length} jobs, usable ${values["usable-gib"]} GiB, jitter ±${jitter * 100} %, ` +
        `${seeds} seed(s); RAM·time lower bound ${bound.toFixed(1)} s, one at a time ${sequential} s, ` +
        `modelled --memfree ${memfree.toFixed(1)} s`,
      `Best start order found with every curve and length known in advance, below the admission line ` +
        `(${ADMIT_BELOW} %): ${exact.seconds.toFixed(1)} s = ${(exact.seconds / bound).toFixed(2)}× bound ` +
        `(${exact.order.join(" ")}); with the learned projection's margins (growth ${GROWTH_LEAD * 100} % earlier, ` +
        `ends ${END_SLACK * 100} % later): ${margined.seconds.toFixed(1)} s = ${(margined.seconds / bound).toFixed(2)}×`,
      "",
      formatTable(
        [
          "estimates",
          "runner",
          "makespan",
          "/ bound",
          "/ memfree",
          "/ one at a time",
          "corrections",
          "peak budget",
          "completed",
          "decision p95",
          "max",
        ],
        rows,
      ),
      "",
    );
  }
  for (const [zone, percent] of [
    ["yellow", 68.75],
    ["orange", 76.2],
  ] as const) {
    const first = firstActionOnPausedPlateau(zone, percent);
    lines.push(
      `Stall check: every active track paused by the governor, use flat at ${percent} % in ${zone}: ` +
        (first === null
          ? "no start, resume or stop in 10 min: the run never ends"
          : `first action after ${first.atSeconds} s: ${first.action}`),
    );
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (require.main === module) main();
