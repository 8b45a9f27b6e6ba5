// One runner of the governor benchmark under the balloon: inflate it, sample machine use, run, count OOM kills,
// free it; and the cleanup that frees the balloon and every job whatever happens.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { BenchJob } from "./governor-jobs";
import {
  type Balloon,
  GIB,
  inflateBalloon,
  listDescendants,
  readMeminfo,
  readOomKills,
  startUseSampler,
  type UseSample,
  waitForMemoryToSettle,
} from "./governor-memory";
import { computeFigures, type RunnerFigures } from "./governor-report";
import { runNamed } from "./governor-runners";
import type { RunnerName, RunnerResult } from "./governor-types";

export const REPO_ROOT = path.resolve(__dirname, "..");
/** The machine line Paratrack's hard floor and GNU parallel's kill line sit on, in percent of physical. */
export const FLOOR_LINE_PERCENT = 88;
const SAMPLE_MS = 150;

/** The options the room is computed from. */
export type SetupOptions = { usableBytes: number; smoke: boolean; guardPercent: number; retries: number };

export const gib = (bytes: number) => `${(bytes / GIB).toFixed(2)} GiB`;
export const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- cleanup: the balloon and every process we started go, whatever happens -------------------------------

let currentBalloon: Balloon | null = null;

/** SIGKILLs the balloon and every descendant of this process. */
export function killEverythingWeStarted(): void {
  if (currentBalloon) {
    try {
      process.kill(currentBalloon.pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
  for (const pid of listDescendants(process.pid)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

/** Frees the balloon and kills every process the benchmark started on exit or on a signal, whatever happens. */
export function installCleanup(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      say(`${signal}: freeing the balloon and stopping every job`);
      killEverythingWeStarted();
      process.exit(130);
    });
  }
  process.on("exit", killEverythingWeStarted);
}

// ---- one runner under the balloon ----------------------------------------------------------------------------

export type Setup = ReturnType<typeof computeSetup>;

/** The commit and any uncommitted change to the code under test: the Paratrack runs load the working tree. */
export function describeCode(): { commit: string; dirty: string[] } {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", ["-C", REPO_ROOT, ...args], { encoding: "utf8" }).trim();
    const dirty = git(
      "status",
      "--porcelain",
      "--",
      "lib/domain",
      "lib/engine",
      "lib/agents",
      "lib/monitor",
      "demo",
    )
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => line.slice(3));
    return { commit: git("rev-parse", "--short", "HEAD"), dirty };
  } catch {
    return { commit: "unknown", dirty: [] };
  }
}

/** What the room is in each runner's terms (see the header of bench/governor.ts). */
export function computeSetup(opts: SetupOptions) {
  const totalBytes = readMeminfo().totalBytes;
  const floorBytes = ((100 - FLOOR_LINE_PERCENT) / 100) * totalBytes;
  const memfreeBytes = 2 * floorBytes;
  const leaveBytes = opts.usableBytes + floorBytes;
  return {
    /** False for --smoke: memory is left as it is. */
    balloon: !opts.smoke,
    totalBytes,
    usableBytes: opts.usableBytes,
    /** What the balloon leaves available. */
    leaveBytes,
    hardFloorBytes: floorBytes,
    memfreeBytes,
    memsuspendBytes: floorBytes,
    guardPercent: opts.guardPercent,
    retries: opts.retries,
  };
}

/** One runner's result, figures and samples, with the balloon it ran under. */
export type RunRecord = {
  result: RunnerResult;
  figures: RunnerFigures;
  balloonBytes: number;
  availableBeforeBytes: number;
  baselineUsedBytes: number;
  samples: UseSample[];
};

/** Runs one runner under a fresh balloon, sampling machine use, aborting at the guard or the timeout. */
export async function runOne(
  name: RunnerName,
  jobs: readonly BenchJob[],
  setup: Setup,
  timeoutMs: number,
  dataDir?: string,
): Promise<RunRecord | { skipped: string }> {
  await waitForMemoryToSettle(10_000);
  const available = readMeminfo().availableBytes;
  const balloonBytes = available - setup.leaveBytes;
  if (setup.balloon && balloonBytes < 0.5 * GIB) {
    return {
      skipped: `only ${gib(available)} available; the balloon must leave ${gib(setup.leaveBytes)} and needs at least 0.5 GiB itself`,
    };
  }
  if (setup.balloon) {
    say(`${name}: inflating the balloon to about ${gib(balloonBytes)} (available ${gib(available)})`);
    // Ask for more than the difference: the balloon stops itself where MemAvailable meets what we leave.
    currentBalloon = await inflateBalloon(REPO_ROOT, balloonBytes + GIB, setup.leaveBytes);
  }
  const workDir = mkdtempSync(path.join(os.tmpdir(), `bench-governor-${name}-`));
  try {
    await sleep(1000);
    const before = readMeminfo();
    const baseline: number[] = [];
    for (let i = 0; i < 5; i++) {
      const m = readMeminfo();
      baseline.push(m.totalBytes - m.availableBytes);
      await sleep(100);
    }
    const baselineUsedBytes = baseline.reduce((a, b) => a + b, 0) / baseline.length;
    say(
      `${name}: ${currentBalloon ? `balloon holds ${gib(currentBalloon.heldBytes)}` : "no balloon (--smoke)"}; available ${gib(before.availableBytes)} ` +
        `(wanted ${gib(setup.leaveBytes)}), machine at ${((baselineUsedBytes / setup.totalBytes) * 100).toFixed(1)} %`,
    );

    const controller = new AbortController();
    const sampler = startUseSampler({
      intervalMs: SAMPLE_MS,
      guardPercent: setup.guardPercent,
      onBreach: (_sample, percent) => {
        say(
          `${name}: machine at ${percent.toFixed(1)} % ≥ guard ${setup.guardPercent} %: aborting this runner`,
        );
        controller.abort(`machine use reached ${percent.toFixed(1)} % (guard ${setup.guardPercent} %)`);
      },
    });
    const timer = setTimeout(() => controller.abort(`timed out after ${timeoutMs / 1000} s`), timeoutMs);
    const oomBefore = readOomKills();
    let result: RunnerResult;
    try {
      result = await runNamed(name, jobs, {
        repoRoot: REPO_ROOT,
        workDir,
        abort: controller.signal,
        usableBytes: setup.usableBytes,
        hardFloorBytes: setup.hardFloorBytes,
        memfreeBytes: setup.memfreeBytes,
        memsuspendBytes: setup.memsuspendBytes,
        retries: setup.retries,
        timeoutMs,
        ...(dataDir === undefined ? {} : { dataDir }),
      });
    } finally {
      clearTimeout(timer);
      sampler.stop();
    }
    const oomKills = readOomKills() - oomBefore;
    const figures = computeFigures({
      result,
      samples: sampler.samples,
      totalBytes: setup.totalBytes,
      baselineUsedBytes,
      usableBytes: setup.usableBytes,
      oomKills,
      sequentialSeconds: null, // filled in once every runner has run
    });
    say(
      `${name}: makespan ${figures.makespanSeconds.toFixed(1)} s, peak ${figures.peakSystemPercent.toFixed(1)} % ` +
        `of physical, ${figures.lost} lost${result.aborted ? `, aborted: ${result.aborted}` : ""}`,
    );
    return {
      result,
      figures,
      balloonBytes: currentBalloon?.heldBytes ?? 0,
      availableBeforeBytes: before.availableBytes,
      baselineUsedBytes,
      samples: sampler.samples,
    };
  } finally {
    await currentBalloon?.release();
    currentBalloon = null;
    rmSync(workDir, { recursive: true, force: true });
  }
}
