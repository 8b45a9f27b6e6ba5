// Benchmarks the governor against GNU parallel (--memfree, --memsuspend) and one-at-a-time on the same job set,
// with memory made scarce for all of them alike by a balloon, and prints one table. On demand, never in CI.
//
//   npm run bench:governor -- [--quick | --smoke] [--set steps|shapes|both] [--only paratrack,parallel-memfree,...]
//                             [--usable-gib 4] [--guard 91] [--retries 10] [--out bench/out]
// --smoke checks that everything runs end to end without making memory scarce for anyone: no balloon, the jobs at
// an eighth of their sizes and a quarter of their lengths in a room an eighth of --usable-gib (Paratrack's budget),
// and by default only one at a time and the Paratrack runs that learn (no GNU parallel: without the balloon it has no
// room to keep to). Its figures say that it works, not how well.
// Job sets (bench/governor-jobs.ts): "steps", agents growing in steps over their whole time; "shapes", a fast ramp
// to the peak and a slow linear climb. Paratrack runs with correct estimates, 30 % low and none, and a second time
// on the first run's database (profiles learned: paratrack-learned, paratrack-none-learned).
//
// The same room for every runner, in its own terms (T = physical memory, U = usable memory, default 4 GiB,
// floor = 12 % of T, the headroom the machine keeps: jobs using all of U put the machine at 88 %):
// - the balloon leaves U + floor available;
// - Paratrack: RAM_BUDGET = U (what the balloon leaves minus the floor), RAM_HARD_FLOOR = floor;
// - GNU parallel --memfree = 2 × floor: it kills the youngest job (and --retries requeues it) when free memory
//   falls below half of that, i.e. when the jobs pass U; its start line, tied to the kill line by its design,
//   is then free ≥ 2 × floor (jobs below U - floor);
// - GNU parallel --memsuspend = floor: it suspends jobs when free memory falls below twice that (jobs above
//   U - floor), keeps one running once the jobs pass U, and starts new ones while the jobs are below U;
// - one at a time: the same balloon;
// - the benchmark itself aborts a runner whose machine use passes --guard (default 91 % of physical).
// paratrack-spike measures the reaction time: four jobs that take their full size at once, estimates 50 % low
// (steps set only).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  buildJobSet,
  JOB_SET_NAMES,
  type JobSetName,
  measuredLowerBoundSeconds,
  ramTimeLowerBoundSeconds,
  totalSeconds,
} from "./governor-jobs";
import { GIB, readMeminfo } from "./governor-memory";
import { checkTargets, formatFiguresTable, formatTargets } from "./governor-report";
import {
  computeSetup,
  describeCode,
  FLOOR_LINE_PERCENT,
  gib,
  installCleanup,
  killEverythingWeStarted,
  REPO_ROOT,
  type RunRecord,
  runOne,
  type Setup,
  say,
} from "./governor-run-one";
import { DEFAULT_RUNNERS, LEARNED_BASE, RUNNER_NAMES, type RunnerName } from "./governor-types";

/** Paratrack's default Red line, in percent. */
const RED_PERCENT = 85;
/** --smoke: sizes (and the room) at this fraction, lengths at --quick's. */
const SMOKE_SIZE_SCALE = 1 / 8;
const QUICK_TIME_SCALE = 0.25;
/** --smoke's runners without --only: the reference and the Paratrack runs whose second run learns from the first. */
const SMOKE_RUNNERS: readonly RunnerName[] = [
  "sequential",
  "paratrack",
  "paratrack-learned",
  "paratrack-none",
  "paratrack-none-learned",
];

function fail(message: string): never {
  process.stderr.write(`bench:governor: ${message}\n`);
  process.exit(2);
}

function readOptions() {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      options: {
        quick: { type: "boolean", default: false },
        smoke: { type: "boolean", default: false },
        set: { type: "string", default: "both" },
        only: { type: "string" },
        "usable-gib": { type: "string", default: "4" },
        guard: { type: "string", default: "91" },
        retries: { type: "string", default: "10" },
        out: { type: "string", default: path.join(REPO_ROOT, "bench", "out") },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const number = (name: string, min: number, max: number) => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const only = typeof values.only === "string" ? values.only.split(",").map((s) => s.trim()) : null;
  for (const name of only ?? []) {
    if (!RUNNER_NAMES.includes(name as RunnerName))
      fail(`unknown runner "${name}"; runners: ${RUNNER_NAMES.join(", ")}`);
  }
  const set = String(values.set);
  if (set !== "both" && !JOB_SET_NAMES.includes(set as JobSetName))
    fail(`--set must be both or one of ${JOB_SET_NAMES.join(", ")}`);
  const smoke = values.smoke === true;
  return {
    quick: values.quick === true || smoke,
    smoke,
    sets: set === "both" ? [...JOB_SET_NAMES] : [set as JobSetName],
    runners:
      only !== null
        ? RUNNER_NAMES.filter((name) => only.includes(name))
        : smoke
          ? [...SMOKE_RUNNERS]
          : [...DEFAULT_RUNNERS],
    usableBytes: number("usable-gib", 0.5, 64) * GIB * (smoke ? SMOKE_SIZE_SCALE : 1),
    guardPercent: number("guard", 50, 95),
    retries: number("retries", 0, 1000),
    outDir: String(values.out),
  };
}

installCleanup();

// ---- main -----------------------------------------------------------------------------------------------------

type Options = ReturnType<typeof readOptions>;

/** Every runner asked for on one job set, the table, the bounds and the targets. */
async function runJobSet(setName: JobSetName, opts: Options, setup: Setup) {
  const jobs = buildJobSet(opts.quick ? QUICK_TIME_SCALE : 1, setName, opts.smoke ? SMOKE_SIZE_SCALE : 1);
  const lowerBound = ramTimeLowerBoundSeconds(jobs, setup.usableBytes);
  const nominalSequential = totalSeconds(jobs);
  const timeoutMs = (3 * nominalSequential + 60) * 1000;
  say(`set ${setName}: ${jobs.map((j) => `${j.key} ${gib(j.sizeBytes)}/${j.seconds}s`).join(", ")}`);
  // The spike probe's jobs are the steps set's; a learned runner needs its base's database.
  const names = opts.runners.filter((name) => name !== "paratrack-spike" || setName === "steps");
  // One at a time first when it is asked for: the others' "time saved" is measured against it.
  const order = [...names].sort((a, b) => Number(b === "sequential") - Number(a === "sequential"));
  const records = new Map<RunnerName, RunRecord>();
  const skipped = new Map<RunnerName, string>();
  const dataDirs = new Map<RunnerName, string>();
  const keepsData = (name: RunnerName) => Object.values(LEARNED_BASE).includes(name);
  try {
    for (const name of order) {
      const base = LEARNED_BASE[name];
      if (base !== undefined && !dataDirs.has(base)) {
        say(`${name}: warming up its database with a first run (${base}), not reported`);
        const warm = mkdtempSync(path.join(os.tmpdir(), `bench-governor-${base}-db-`));
        dataDirs.set(base, warm);
        await runOne(base, jobs, setup, timeoutMs, warm);
      }
      let dataDir = base === undefined ? undefined : dataDirs.get(base);
      if (keepsData(name)) {
        dataDir = mkdtempSync(path.join(os.tmpdir(), `bench-governor-${name}-db-`));
        dataDirs.set(name, dataDir);
      }
      const outcome = await runOne(name, jobs, setup, timeoutMs, dataDir);
      if ("skipped" in outcome) {
        say(`${name}: skipped: ${outcome.skipped}`);
        skipped.set(name, outcome.skipped);
      } else records.set(name, outcome);
    }
  } finally {
    for (const dir of dataDirs.values()) rmSync(dir, { recursive: true, force: true });
  }

  const figures = RUNNER_NAMES.flatMap((name) => {
    const record = records.get(name);
    return record ? [record.figures] : [];
  });
  const sequential = records.get("sequential")?.figures.makespanSeconds ?? null;
  const reference = sequential ?? nominalSequential;
  // The reaction probe runs other jobs: its makespan compares with nothing.
  const comparable = figures.filter((f) => f.name !== "paratrack-spike");
  for (const f of comparable) f.savedPercent = (1 - f.makespanSeconds / reference) * 100;
  const byName = (name: RunnerName) => records.get(name)?.figures ?? null;
  const lines: string[] = [];
  lines.push(
    `Job set "${setName}"${opts.smoke ? " (--smoke: sizes × 1/8, durations × 0.25, no balloon)" : opts.quick ? " (--quick: durations × 0.25)" : ""}: ${jobs.length} jobs`,
  );
  lines.push("");
  lines.push(formatFiguresTable(figures, sequential === null));
  lines.push("");
  // Lengths as measured one at a time on this (shared, busy) machine, where the sequential runner ran.
  const measured = new Map(
    (records.get("sequential")?.result.jobs ?? []).flatMap((j) =>
      j.completed && j.lastSeconds !== null ? [[j.key, j.lastSeconds] as const] : [],
    ),
  );
  const measuredBound =
    measured.size === jobs.length ? measuredLowerBoundSeconds(jobs, measured, setup.usableBytes) : null;
  const bound = measuredBound ?? lowerBound;
  lines.push(
    `RAM·time lower bound: Σ size × duration / usable = ${lowerBound.toFixed(1)} s with the nominal lengths ` +
      `(longest job ${Math.max(...jobs.map((j) => j.seconds))} s; Σ durations ${nominalSequential.toFixed(0)} s)` +
      (measuredBound === null
        ? ""
        : `; ${measuredBound.toFixed(1)} s with the lengths measured one at a time (Σ ${[...measured.values()]
            .reduce((a, b) => a + b, 0)
            .toFixed(0)} s): the targets use this one`),
  );
  const memfree = byName("parallel-memfree");
  for (const f of comparable) {
    lines.push(
      `  ${f.name}: makespan / lower bound = ${(f.makespanSeconds / lowerBound).toFixed(2)}× nominal` +
        (measuredBound === null ? "" : `, ${(f.makespanSeconds / measuredBound).toFixed(2)}× measured`) +
        (memfree && f.name.startsWith("paratrack")
          ? `; / parallel-memfree ${(f.makespanSeconds / memfree.makespanSeconds).toFixed(2)}×`
          : "") +
        (sequential !== null && f.name.startsWith("paratrack")
          ? `; / one at a time ${(f.makespanSeconds / sequential).toFixed(2)}×`
          : ""),
    );
  }
  for (const f of figures) {
    if (!f.reaction) continue;
    const r = f.reaction;
    lines.push(
      `  ${f.name}: governor decisions ${JSON.stringify(r.decisions)}; Red episodes ${r.redEpisodes}, ` +
        `longest ${(r.longestRedMs / 1000).toFixed(1)} s; Red → decision p50/p95 ${r.p50Ms ?? "—"}/${r.p95Ms ?? "—"} ms, ` +
        `→ SIGSTOP verified p50/p95 ${r.verifiedP50Ms ?? "—"}/${r.verifiedP95Ms ?? "—"} ms`,
    );
  }
  // Whether a second run did start from what the first learned (the engine feeds profiles from its database).
  for (const record of records.values()) {
    const starts = (record.result.paratrack?.events ?? []).filter((e) => e.kind === "governor:start");
    if (starts.length === 0) continue;
    const learned = starts.filter((e) => /learned profile/.test(e.message)).length;
    lines.push(`  ${record.result.name}: ${starts.length} starts, ${learned} of them on a learned profile`);
  }
  for (const [name, why] of skipped) lines.push(`  ${name}: skipped: ${why}`);
  for (const record of records.values()) {
    for (const note of record.result.notes) lines.push(`  ${record.result.name}: ${note}`);
    const lost = record.result.jobs.filter((j) => !j.completed);
    if (lost.length > 0) {
      lines.push(`  ${record.result.name}: lost ${lost.map((j) => `${j.key} (${j.last})`).join(", ")}`);
    }
  }

  const targets: Record<string, ReturnType<typeof checkTargets>> = {};
  for (const name of RUNNER_NAMES) {
    const p = byName(name);
    if (!p || !name.startsWith("paratrack") || name === "paratrack-spike") continue;
    // Reaction needs Red: take it from this runner if it had any, else from the probe, else the low estimates.
    const reactionFrom =
      [p, byName("paratrack-spike"), byName("paratrack-low")].find((f) => (f?.reaction?.count ?? 0) > 0) ?? p;
    targets[name] = checkTargets({
      paratrack: p,
      memfree,
      sequential: byName("sequential"),
      lowerBoundSeconds: bound,
      redPercent: RED_PERCENT,
      floorLinePercent: FLOOR_LINE_PERCENT,
      reactionFrom,
      // Makespan targets hold for correct estimates once profiles are learned; "no estimates" has its own.
      makespan:
        name === "paratrack-learned" || name === "paratrack-none-learned"
          ? "learned"
          : name === "paratrack-none"
            ? "none"
            : null,
    });
  }
  for (const [name, checks] of Object.entries(targets)) {
    lines.push("");
    lines.push(`Targets (${setName}, ${name}):`);
    lines.push(formatTargets(checks));
  }
  return {
    lines,
    json: {
      jobs,
      lowerBoundSeconds: lowerBound,
      measuredLowerBoundSeconds: measuredBound,
      nominalSequentialSeconds: nominalSequential,
      figures,
      targets,
      skipped: Object.fromEntries(skipped),
      runs: Object.fromEntries(
        [...records].map(([name, r]) => [
          name,
          {
            result: r.result,
            balloonBytes: r.balloonBytes,
            availableBeforeBytes: r.availableBeforeBytes,
            baselineUsedBytes: r.baselineUsedBytes,
            // Every third bench sample (~450 ms) is plenty for a plot.
            useSamples: r.samples.filter((_, i) => i % 3 === 0),
          },
        ]),
      ),
    },
  };
}

async function main(): Promise<void> {
  const opts = readOptions();
  const setup = computeSetup(opts);
  const start = readMeminfo();
  const needed = setup.balloon ? setup.leaveBytes + 0.5 * GIB : setup.usableBytes + setup.hardFloorBytes;
  if (start.availableBytes < needed) {
    fail(
      `only ${gib(start.availableBytes)} available; the benchmark needs at least ${gib(needed)} ` +
        `(the ${gib(setup.leaveBytes)} it leaves the runners, plus a balloon). Try a smaller --usable-gib.`,
    );
  }
  const code = describeCode();
  say(
    `physical ${gib(setup.totalBytes)}, available ${gib(start.availableBytes)}; usable ${gib(setup.usableBytes)} ` +
      `(RAM_BUDGET), the balloon leaves ${gib(setup.leaveBytes)}, hard floor ${gib(setup.hardFloorBytes)}, ` +
      `--memfree ${gib(setup.memfreeBytes)}, --memsuspend ${gib(setup.memsuspendBytes)}, guard ` +
      `${setup.guardPercent} %; sets: ${opts.sets.join(", ")}; runners: ${opts.runners.join(", ")}`,
  );
  const lines = [
    `Governor benchmark: usable ${gib(setup.usableBytes)}, machine ${gib(setup.totalBytes)} shared with other ` +
      `work (noisy); code ${code.commit}${code.dirty.length > 0 ? ` with uncommitted changes to ${code.dirty.join(", ")}` : ""}`,
    "",
  ];
  const sets: Record<string, unknown> = {};
  for (const setName of opts.sets) {
    const result = await runJobSet(setName, opts, setup);
    lines.push(...result.lines, "");
    sets[setName] = result.json;
  }
  process.stdout.write(`${lines.join("\n")}\n`);

  mkdirSync(opts.outDir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const outFile = path.join(opts.outDir, `governor-${stamp}.json`);
  writeFileSync(
    outFile,
    JSON.stringify({ at: new Date().toISOString(), quick: opts.quick, code, setup, sets }, null, 1),
  );
  say(`results written to ${path.relative(process.cwd(), outFile)}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killEverythingWeStarted();
    process.exit(1);
  },
);
