// Benchmarks the planner's RCPSP solver on PSPLIB j30: quality against the proven optima, time per
// instance, and every schedule verified by the independent checker.
// Usage: npm run bench:planner -- [--limit N] [--passes N] [--seed N] [--dir PATH]
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_PASSES, scheduleProject } from "../lib/domain/planner/planner-core";
import { parsePsplibInstance, parsePsplibOptima } from "../lib/domain/planner/psplib";
import { checkSchedule } from "../lib/domain/planner/schedule-check";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function positiveInt(name: string): number | undefined {
  const raw = flag(name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} needs a positive integer, got ${raw}`);
    process.exit(2);
  }
  return n;
}

const dir = flag("dir") ?? path.resolve(__dirname, "../../shared/benchmarks/psplib");
const limit = positiveInt("limit");
const passes = positiveInt("passes");
const seed = positiveInt("seed");

const optima = parsePsplibOptima(readFileSync(path.join(dir, "j30opt.sm"), "utf8"));
// Natural order: j301_1, j301_2, …, j301_10, j302_1, …
const files = readdirSync(path.join(dir, "j30"))
  .filter((f) => f.endsWith(".sm"))
  .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
  .slice(0, limit);

type Row = { name: string; makespan: number; optimum: number; deviation: number; ms: number; cpuMs: number };
const rows: Row[] = [];
const infeasible: string[] = [];
const belowOptimum: string[] = [];
// Untimed runs first, so the table measures steady-state solving rather than V8 compiling the code
// (its optimising tiers need a few instances' worth of calls).
const WARM_UP_RUNS = 3;
let coldMs = 0;
for (const file of files.slice(0, WARM_UP_RUNS)) {
  const { problem } = parsePsplibInstance(readFileSync(path.join(dir, "j30", file), "utf8"));
  const t0 = performance.now();
  scheduleProject(problem, { passes, seed });
  if (coldMs === 0) coldMs = performance.now() - t0;
}
const started = performance.now();
for (const file of files) {
  const name = file.replace(/\.sm$/, "");
  const optimum = optima[name];
  if (optimum === undefined) throw new Error(`no optimum for ${name}`);
  const { problem } = parsePsplibInstance(readFileSync(path.join(dir, "j30", file), "utf8"));
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const schedule = scheduleProject(problem, { passes, seed });
  const cpu = process.cpuUsage(cpu0);
  const ms = performance.now() - t0;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const violations = checkSchedule(problem, schedule.starts);
  if (violations.length > 0) infeasible.push(`${name}: ${violations[0]?.message}`);
  if (schedule.makespan < optimum) belowOptimum.push(`${name}: ${schedule.makespan} < ${optimum}`);
  rows.push({
    name,
    makespan: schedule.makespan,
    optimum,
    deviation: (schedule.makespan / optimum - 1) * 100,
    ms,
    cpuMs,
  });
}
const totalMs = performance.now() - started;

const times = rows.map((r) => r.ms).sort((a, b) => a - b);
const cpuTimes = rows.map((r) => r.cpuMs).sort((a, b) => a - b);
const percentile95 = (sorted: number[]) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
const deviations = rows.map((r) => r.deviation);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const slowest = rows.reduce<Row | undefined>((w, r) => (w === undefined || r.ms > w.ms ? r : w), undefined);
const worst = rows.reduce<Row | undefined>(
  (w, r) => (w === undefined || r.deviation > w.deviation ? r : w),
  undefined,
);

// Wall time suffers when other work shares the cores; CPU time is the solver's own cost.
const load = os.loadavg().map((l) => l.toFixed(2));
console.log(
  `PSPLIB j30 · ${rows.length} instances · passes ${passes ?? `${DEFAULT_PASSES} (default)`} · seed ${seed ?? "default"} · ` +
    `${os.cpus().length} cores, load average ${load.join(" ")}`,
);
console.table({
  "mean deviation from optimum (%)": mean(deviations).toFixed(3),
  "max deviation from optimum (%)": `${Math.max(0, ...deviations).toFixed(2)}${worst && worst.deviation > 0 ? ` (${worst.name}: ${worst.makespan} vs ${worst.optimum})` : ""}`,
  "optimal (makespan = optimum)": `${rows.filter((r) => r.deviation === 0).length} / ${rows.length}`,
  "infeasible (checker violations)": infeasible.length,
  "wall time per instance, mean (ms)": mean(times).toFixed(2),
  "wall time per instance, p95 (ms)": percentile95(times).toFixed(2),
  "wall time per instance, max (ms)": `${(slowest?.ms ?? 0).toFixed(2)} (${slowest?.name ?? "-"})`,
  "CPU time per instance, mean (ms)": mean(cpuTimes).toFixed(2),
  "CPU time per instance, p95 (ms)": percentile95(cpuTimes).toFixed(2),
  "CPU time per instance, max (ms)": (cpuTimes[cpuTimes.length - 1] ?? 0).toFixed(2),
  [`first of ${WARM_UP_RUNS} untimed warm-up runs, cold (ms)`]: coldMs.toFixed(2),
  "total (s, incl. parsing and checking)": (totalMs / 1000).toFixed(2),
});
for (const line of infeasible.slice(0, 10)) console.log(`INFEASIBLE ${line}`);
for (const line of belowOptimum.slice(0, 10))
  console.log(`BELOW PROVEN OPTIMUM (parser or checker bug) ${line}`);
if (infeasible.length > 0 || belowOptimum.length > 0) process.exitCode = 1;
