// A track's daily status in the seed's exact YAML shape, from the agent's reports of the day merged with what
// Paratrack measured (commits, files changed, RAM peak, model in force, tests). Pure.
//
// The seed's shape is kept field for field (no extra keys, so parseDailyStatus accepts what we write). Measured facts
// that have no field of their own go into completed_today as lines prefixed "git:" and "tests:"; measured values
// that have a field (ram_gb = the day's peak, model = the one in force, duration_hours) take precedence over what the
// agent said, because they are observed rather than claimed.
import { stringify } from "yaml";
import type { BlockerReport, ProgressReport, ReportStatus } from "../types";
import { type DailyStatusDocument, roundUsd } from "./daily-status";

/** What Paratrack observed of the track over the day; null where it knows nothing. */
export type StatusTelemetry = {
  /** The agent name(s) from the plan, when no report names one. */
  agent: string | null;
  /** The model in force (the governor may have swapped to the cloud model). */
  model: string | null;
  /** The day's peak memory of the track's processes. */
  ramPeakBytes: number | null;
  /** Running time in the current phase (pauses excluded). */
  runningMs: number | null;
  /** Commits on the track's branch during the day, with their subjects (newest first). */
  commits: { count: number; subjects: readonly string[] } | null;
  /** Files changed on the branch since its base, and lines. */
  files: { changed: number; added: number; removed: number } | null;
  /** The latest test (quality gate) result. */
  tests: { command: string; passed: boolean; summary: string | null } | null;
  /** Progress Paratrack knows (progress lines), when the agent reports none. */
  progressPercent: number | null;
  /** Status as Paratrack reads it (schedule-standing.ts: blockers, planned time), when the agent reports none. */
  status: ReportStatus;
  /** Tokens the track's agents used (every attempt); null or absent: none reported. */
  tokens?: number | null;
  /** Known dollars of the track's agents; null or absent: unknown or none reported. */
  costUsd?: number | null;
};

/**
 * One of the day's reports. A stdout line (`::next X`, `::done X`) is one step: its items add to the day's plan or
 * take one off it. A whole report (the API, `paratrack report`) states the plan: its list replaces the day's.
 */
export type DayReport = ProgressReport & { isLine?: boolean };

export type BuildDailyStatusInput = {
  /** YYYY-MM-DD. */
  date: string;
  track: string;
  /** The track's reports of that day, oldest first. */
  reports: readonly DayReport[];
  /** The track's open blockers from the board; when absent, the latest report's list. */
  blockers?: readonly BlockerReport[];
  telemetry: StatusTelemetry;
};

const MAX_SUBJECTS = 5;

/** The seed's daily status document for one track and day. A critical open blocker makes the status "blocked". */
export function buildDailyStatus(input: BuildDailyStatusInput): DailyStatusDocument {
  const { reports, telemetry } = input;
  const latest = <T>(pick: (r: ProgressReport) => T | undefined): T | undefined => {
    for (let i = reports.length - 1; i >= 0; i--) {
      const value = pick(reports[i]!);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const blockers = input.blockers ?? latest((r) => r.blockers) ?? [];
  const isBlocked = blockers.some((b) => b.severity === "critical");
  const completed = unique([...reports.flatMap((r) => r.completedToday ?? []), ...telemetryLines(telemetry)]);
  const usage = latest((r) => r.resourceUsage);
  const ramGb = telemetry.ramPeakBytes !== null ? telemetry.ramPeakBytes / 1e9 : (usage?.ramGb ?? null);
  const hours =
    telemetry.runningMs !== null ? telemetry.runningMs / 3_600_000 : (usage?.durationHours ?? null);
  return {
    date: input.date,
    track: input.track,
    agent: latest((r) => r.agent) ?? telemetry.agent,
    status: isBlocked ? "blocked" : (latest((r) => r.status) ?? telemetry.status),
    progress_percent: latest((r) => r.progressPercent) ?? telemetry.progressPercent,
    completed_today: completed,
    planned_tomorrow: plannedItems(reports),
    blockers: blockers.map((b) => ({
      blocker: b.blocker,
      severity: b.severity,
      resolution_plan: b.resolutionPlan,
    })),
    resource_usage: {
      ram_gb: round2(ramGb),
      model: telemetry.model ?? usage?.model ?? null,
      duration_hours: round2(hours),
      tokens: telemetry.tokens ?? usage?.tokens ?? null,
      cost_usd: roundUsd(telemetry.costUsd ?? usage?.costUsd ?? null),
    },
  };
}

/** What is planned at the day's end: whole reports state the list, lines add to it and take done items off it. */
function plannedItems(reports: readonly DayReport[]): string[] {
  let planned: string[] = [];
  for (const report of reports) {
    if (!report.isLine) {
      if (report.plannedTomorrow !== undefined) planned = [...report.plannedTomorrow];
      continue;
    }
    const done = report.completedToday ?? [];
    planned = planned.filter((item) => !done.includes(item));
    for (const item of report.plannedTomorrow ?? []) if (!planned.includes(item)) planned.push(item);
  }
  return planned;
}

/** "git: …" and "tests: …" lines for completed_today; none when nothing happened. */
export function telemetryLines(telemetry: StatusTelemetry): string[] {
  const lines: string[] = [];
  const { commits, files, tests } = telemetry;
  const parts: string[] = [];
  if (commits && commits.count > 0) parts.push(`${commits.count} commit${commits.count === 1 ? "" : "s"}`);
  if (files && files.changed > 0) {
    parts.push(
      `${files.changed} file${files.changed === 1 ? "" : "s"} changed (+${files.added} −${files.removed})`,
    );
  }
  if (parts.length > 0) {
    const subjects = (commits?.subjects ?? [])
      .slice(0, MAX_SUBJECTS)
      .map((s) => s.trim())
      .filter(Boolean);
    const more = commits && commits.subjects.length > MAX_SUBJECTS ? " …" : "";
    lines.push(`git: ${parts.join(", ")}${subjects.length > 0 ? `: ${subjects.join("; ")}${more}` : ""}`);
  }
  if (tests) {
    lines.push(
      `tests: ${tests.passed ? "passed" : "failed"} (${tests.command}${tests.summary ? `: ${tests.summary}` : ""})`,
    );
  }
  return lines;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.map((item) => item.trim()).filter((item) => item !== ""))];
}

function round2(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

/** One day's documents (one per track) as a single multi-document YAML file, the Status page's download. */
export function formatDailyStatusYaml(documents: readonly DailyStatusDocument[]): string {
  return documents.map((doc) => stringify(doc)).join("---\n");
}
