// The governor benchmark's figures: peaks from the bench's own /proc/meminfo samples, Paratrack's reaction
// times from its recorded samples and decisions, the RAM·time lower bound, the table and the targets.
import type { UseSample } from "./governor-memory";
import type { ParatrackDetails, RunnerResult } from "./governor-types";

export type RunnerFigures = {
  name: string;
  label: string;
  makespanSeconds: number;
  /** 1 - makespan / one-at-a-time makespan, in percent; null without a sequential figure. */
  savedPercent: number | null;
  /** Highest MemTotal - MemAvailable seen while the runner ran, in percent of physical memory. */
  peakSystemPercent: number;
  /** Highest use above the baseline (the machine with its balloon, before any job), in percent of usable memory. */
  peakJobsPercentOfUsable: number;
  /** Paratrack only: the highest budget view it sampled itself (agents' PSS vs RAM_BUDGET). */
  peakBudgetPercent: number | null;
  killedOrRequeued: number;
  /** Paratrack's corrections: pauses and stop-requeues it decided (null for other runners). */
  corrections: { pauses: number; requeues: number } | null;
  died: number;
  /** OOM kills the kernel counted while the runner ran (/proc/vmstat oom_kill). */
  oomKills: number;
  lost: number;
  attempts: number;
  reaction: ReactionFigures | null;
  aborted: string | null;
  /** Mean 1-minute load average while it ran: the 2-core machine is shared, so this is the noise. */
  meanLoad: number;
};

export type ReactionFigures = {
  /** Red decisions measured (pauses and stop-requeues made in Red). */
  count: number;
  /** From the Red sample's time to the governor's decision event, recorded just before it signals. */
  p50Ms: number | null;
  p95Ms: number | null;
  /** From the Red sample to the track:paused event, written after SIGSTOP was verified in /proc. */
  verifiedP50Ms: number | null;
  verifiedP95Ms: number | null;
  redEpisodes: number;
  longestRedMs: number;
  /** Governor decisions by kind (start, pause, resume, stop-requeue, alert …). */
  decisions: Record<string, number>;
};

/** Nearest-rank percentile of a list (null when empty). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/**
 * Reaction times: for each pause or stop-requeue the governor decided in Red, the time from the sample that
 * triggered it (the last sample at or before the decision) to the decision, and to the verified pause.
 */
export function computeReactions(details: ParatrackDetails): ReactionFigures {
  const samples = [...details.samples].sort((a, b) => a.at - b.at);
  const events = [...details.events].sort((a, b) => a.at - b.at);
  const decisionMs: number[] = [];
  const verifiedMs: number[] = [];
  for (const e of events) {
    if (e.kind !== "governor:pause" && e.kind !== "governor:stop-requeue") continue;
    if (e.zone !== "red") continue;
    const trigger = samples.filter((s) => s.at <= e.at).at(-1);
    if (trigger?.zone !== "red") continue;
    decisionMs.push(e.at - trigger.at);
    const done = events.find(
      (later) =>
        later.at >= e.at &&
        later.trackKey === e.trackKey &&
        (e.kind === "governor:pause" ? later.kind === "track:paused" : later.kind === "agent:exited"),
    );
    if (done) verifiedMs.push(done.at - trigger.at);
  }
  let redEpisodes = 0;
  let longestRedMs = 0;
  let redSince: number | null = null;
  for (const s of samples) {
    if (s.zone === "red") {
      if (redSince === null) {
        redSince = s.at;
        redEpisodes += 1;
      }
      longestRedMs = Math.max(longestRedMs, s.at - redSince);
    } else redSince = null;
  }
  const decisions: Record<string, number> = {};
  for (const e of events) {
    if (!e.kind.startsWith("governor:")) continue;
    const kind = e.kind.slice("governor:".length);
    decisions[kind] = (decisions[kind] ?? 0) + 1;
  }
  return {
    count: decisionMs.length,
    p50Ms: percentile(decisionMs, 50),
    p95Ms: percentile(decisionMs, 95),
    verifiedP50Ms: percentile(verifiedMs, 50),
    verifiedP95Ms: percentile(verifiedMs, 95),
    redEpisodes,
    longestRedMs,
    decisions,
  };
}

/** The figures of one runner from its result and the bench's samples over its run. */
export function computeFigures(opts: {
  result: RunnerResult;
  samples: readonly UseSample[];
  totalBytes: number;
  baselineUsedBytes: number;
  usableBytes: number;
  oomKills: number;
  sequentialSeconds: number | null;
}): RunnerFigures {
  const { result } = opts;
  const during = opts.samples.filter((s) => s.t >= result.startedAt && s.t <= result.endedAt + 200);
  const peakUsed = Math.max(opts.baselineUsedBytes, ...during.map((s) => s.usedBytes));
  const makespanSeconds = (result.endedAt - result.startedAt) / 1000;
  const budgetPeaks = (result.paratrack?.samples ?? []).flatMap((s) =>
    s.budgetPercent === null ? [] : [s.budgetPercent],
  );
  return {
    name: result.name,
    label: result.label,
    makespanSeconds,
    savedPercent:
      opts.sequentialSeconds === null ? null : (1 - makespanSeconds / opts.sequentialSeconds) * 100,
    peakSystemPercent: (peakUsed / opts.totalBytes) * 100,
    peakJobsPercentOfUsable: ((peakUsed - opts.baselineUsedBytes) / opts.usableBytes) * 100,
    peakBudgetPercent: budgetPeaks.length > 0 ? Math.max(...budgetPeaks) : null,
    killedOrRequeued: result.killedOrRequeued,
    corrections: result.paratrack ? countCorrections(result.paratrack) : null,
    died: result.died,
    oomKills: opts.oomKills,
    lost: result.jobs.filter((j) => !j.completed).length,
    attempts: result.jobs.reduce((sum, j) => sum + j.attempts, 0),
    reaction: result.paratrack ? computeReactions(result.paratrack) : null,
    aborted: result.aborted,
    meanLoad: during.length > 0 ? during.reduce((sum, s) => sum + s.load1, 0) / during.length : 0,
  };
}

/** Pauses and stop-requeues the governor decided: what optimistic admission cost. */
export function countCorrections(details: ParatrackDetails): { pauses: number; requeues: number } {
  const count = (kind: string) => details.events.filter((e) => e.kind === kind).length;
  return { pauses: count("governor:pause"), requeues: count("governor:stop-requeue") };
}

const fixed = (value: number | null, digits = 0, suffix = "") =>
  value === null ? "—" : `${value.toFixed(digits)}${suffix}`;

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The benchmark's one table. */
export function formatFiguresTable(figures: readonly RunnerFigures[], sequentialEstimated: boolean): string {
  const header = [
    "runner",
    "makespan",
    "corrections (pauses/requeues)",
    sequentialEstimated ? "saved vs 1-at-a-time (est.)" : "saved vs 1-at-a-time",
    "peak sys % phys",
    "peak jobs % usable",
    "peak budget view",
    "killed/requeued",
    "died (OOM/signal)",
    "lost",
    "attempts",
    "reaction p50/p95",
    "load",
  ];
  const rows = figures.map((f) => [
    `${f.name}${f.aborted ? " (ABORTED)" : ""}`,
    `${f.makespanSeconds.toFixed(1)} s`,
    f.corrections === null ? "—" : `${f.corrections.pauses}/${f.corrections.requeues}`,
    fixed(f.savedPercent, 0, " %"),
    fixed(f.peakSystemPercent, 1, " %"),
    fixed(f.peakJobsPercentOfUsable, 0, " %"),
    fixed(f.peakBudgetPercent, 0, " %"),
    String(f.killedOrRequeued),
    `${f.died}${f.oomKills > 0 ? ` (+${f.oomKills} OOM)` : ""}`,
    String(f.lost),
    String(f.attempts),
    f.reaction === null
      ? "—"
      : f.reaction.count === 0
        ? "no Red decision"
        : `${fixed(f.reaction.p50Ms)}/${fixed(f.reaction.p95Ms)} ms`,
    f.meanLoad.toFixed(1),
  ]);
  return formatTable(header, rows);
}

export type TargetCheck = { target: string; pass: boolean | null; detail: string };

/** Red → decision and Red → SIGSTOP verified, p95, in ms. */
export const REACTION_TARGETS = { decisionP95Ms: 15, verifiedP95Ms: 100 } as const;

/**
 * The issue's targets for one Paratrack runner; pass null = cannot be judged from this run. Every runner must
 * lose nothing, kill nothing and stay below Red; `makespan` adds the speed targets: "learned" (a second run on
 * learned profiles: ≤ 0.85 × GNU parallel --memfree and ≤ 1.25 × the RAM·time bound), "none" (a first run
 * without estimates: ≤ 1.1 × one at a time).
 */
export function checkTargets(opts: {
  paratrack: RunnerFigures;
  memfree: RunnerFigures | null;
  sequential: RunnerFigures | null;
  lowerBoundSeconds: number;
  redPercent: number;
  /** Machine use when the jobs use all of the usable memory. */
  floorLinePercent: number;
  reactionFrom: RunnerFigures | null;
  makespan: "learned" | "none" | null;
}): TargetCheck[] {
  const { paratrack: p, memfree } = opts;
  const corrections =
    p.corrections === null
      ? ""
      : `; corrections ${p.corrections.pauses} pauses, ${p.corrections.requeues} requeues`;
  const checks: TargetCheck[] = [];
  checks.push({
    target: "no job lost and no OOM kill",
    pass: p.lost === 0 && p.died === 0 && p.oomKills === 0 && p.aborted === null,
    detail: `${p.lost} lost, ${p.died} died, ${p.oomKills} OOM kills${p.aborted ? `, aborted: ${p.aborted}` : ""}`,
  });
  checks.push({
    target: "peak below the Red line",
    pass: p.peakBudgetPercent !== null && p.peakBudgetPercent < opts.redPercent,
    detail:
      `budget view (agents' PSS vs RAM_BUDGET, Paratrack's own samples) peak ${fixed(p.peakBudgetPercent, 1, " %")} ` +
      `< Red ${opts.redPercent} %; for comparison the bench's samples: jobs' share of usable ` +
      `${p.peakJobsPercentOfUsable.toFixed(0)} % (includes other processes' drift), machine ` +
      `${p.peakSystemPercent.toFixed(1)} % of physical (jobs using all of usable = ${opts.floorLinePercent} %)`,
  });
  if (opts.makespan === "learned") {
    const ratio = p.makespanSeconds / opts.lowerBoundSeconds;
    checks.push({
      target: "makespan ≤ 1.25 × RAM·time lower bound",
      pass: ratio <= 1.25,
      detail: `${p.makespanSeconds.toFixed(1)} s / ${opts.lowerBoundSeconds.toFixed(1)} s = ${ratio.toFixed(2)}×${corrections}`,
    });
    checks.push(
      memfree === null
        ? {
            target: "makespan ≤ 0.85 × GNU parallel --memfree's",
            pass: null,
            detail: "parallel-memfree not run",
          }
        : {
            target: "makespan ≤ 0.85 × GNU parallel --memfree's",
            pass: p.makespanSeconds <= 0.85 * memfree.makespanSeconds && memfree.aborted === null,
            detail:
              `${p.makespanSeconds.toFixed(1)} s / ${memfree.makespanSeconds.toFixed(1)} s = ` +
              `${(p.makespanSeconds / memfree.makespanSeconds).toFixed(2)}×${corrections}` +
              (memfree.aborted ? " (parallel was aborted: not comparable)" : ""),
          },
    );
  }
  if (opts.makespan === "none") {
    const seq = opts.sequential;
    checks.push(
      seq === null
        ? {
            target: "makespan ≤ 1.1 × one at a time (no estimates, first run)",
            pass: null,
            detail: "sequential not run",
          }
        : {
            target: "makespan ≤ 1.1 × one at a time (no estimates, first run)",
            pass: p.makespanSeconds <= 1.1 * seq.makespanSeconds,
            detail:
              `${p.makespanSeconds.toFixed(1)} s / ${seq.makespanSeconds.toFixed(1)} s = ` +
              `${(p.makespanSeconds / seq.makespanSeconds).toFixed(2)}×${corrections}`,
          },
    );
  }
  const r = opts.reactionFrom?.reaction ?? null;
  const reactionTarget =
    `Red → decision p95 ≤ ${REACTION_TARGETS.decisionP95Ms} ms, → SIGSTOP verified p95 ≤ ` +
    `${REACTION_TARGETS.verifiedP95Ms} ms`;
  checks.push(
    r === null || r.count === 0
      ? {
          target: reactionTarget,
          pass: null,
          detail: "no decision in Red to measure (the zone never reached Red with something to pause)",
        }
      : {
          target: reactionTarget,
          pass:
            (r.p95Ms ?? Number.POSITIVE_INFINITY) <= REACTION_TARGETS.decisionP95Ms &&
            (r.verifiedP95Ms ?? Number.POSITIVE_INFINITY) <= REACTION_TARGETS.verifiedP95Ms,
          detail:
            `${opts.reactionFrom!.name}: Red sample → decision p50 ${fixed(r.p50Ms)} ms, p95 ${fixed(r.p95Ms)} ms ` +
            `over ${r.count}; → SIGSTOP verified p50 ${fixed(r.verifiedP50Ms)} ms, p95 ${fixed(r.verifiedP95Ms)} ms`,
        },
  );
  return checks;
}

export function formatTargets(checks: readonly TargetCheck[]): string {
  return checks
    .map((c) => `  ${c.pass === null ? "N/A " : c.pass ? "PASS" : "MISS"}  ${c.target}: ${c.detail}`)
    .join("\n");
}
