// What the overview's banner says of a finished run: its outcome, and what still needs the lead's look when every
// track completed (a failed quality gate, a skipped handoff, an open critical or high blocker), so a green
// "every track completed" never hides them; and the time saved against its target. Pure.
import type { HandoffState } from "../coordination/coordination-views";
import type { BlockerSeverity } from "../types";
import { formatMetricValue, type Metric, type MetricStatus } from "./metrics";

export type FinishedRunStatus = "completed" | "failed" | "stopped";

/** "success": all good; "warning": every track completed but something failed; "neutral": stopped, or still checking. */
export type RunOutcomeTone = "success" | "warning" | "failure" | "neutral";

export type RunOutcomeInput = {
  status: FinishedRunStatus;
  /** Each track's latest quality gate run. */
  tracks: readonly {
    key: string;
    testStatus: "passed" | "failed" | "running" | "skipped" | "cancelled" | null;
  }[];
  /** The seed's quality gate pass rate (every gate run, re-runs included); null while not loaded. */
  qualityPassRate: Pick<Metric, "value" | "status"> | null;
  /** The blockers board; null while not loaded. */
  blockers:
    | readonly {
        trackKey: string;
        severity: BlockerSeverity;
        blocker: string;
        resolvedAt: string | null;
      }[]
    | null;
  /** The plan's handoffs; null while not loaded. */
  handoffs: readonly { from: string; to: string; state: HandoffState; reason: string | null }[] | null;
};

export type RunOutcome = {
  tone: RunOutcomeTone;
  title: string;
  /** What needs a look, one sentence each; empty when nothing does. */
  problems: string[];
};

const TITLE: Record<FinishedRunStatus, string> = {
  completed: "Run finished: every track completed",
  failed: "Run finished with failures",
  stopped: "Run stopped",
};

type Finding = { phrase: string; problems: string[] };

/** The banner's tone, title and problems for a finished run. */
export function describeRunOutcome(input: RunOutcomeInput): RunOutcome {
  const findings = [
    ...gateFindings(input),
    ...handoffFindings(input.handoffs ?? []),
    ...blockerFindings(input.blockers ?? []),
  ];
  const problems = findings.flatMap((f) => f.problems);
  switch (input.status) {
    case "failed":
      return { tone: "failure", title: TITLE.failed, problems };
    case "stopped":
      return { tone: "neutral", title: TITLE.stopped, problems };
    case "completed": {
      if (findings.length > 0) {
        const but = joinPhrases(findings.map((f) => f.phrase));
        return { tone: "warning", title: `${TITLE.completed}, but ${but}`, problems };
      }
      // Green only once every source has answered: no "all good" that a late answer takes back.
      const isChecking = input.qualityPassRate === null || input.blockers === null || input.handoffs === null;
      return { tone: isChecking ? "neutral" : "success", title: TITLE.completed, problems };
    }
  }
}

function gateFindings(input: RunOutcomeInput): Finding[] {
  const failed = input.tracks.filter((t) => t.testStatus === "failed").map((t) => t.key);
  const cancelled = input.tracks.filter((t) => t.testStatus === "cancelled").map((t) => t.key);
  const findings: Finding[] = [];
  if (failed.length > 0)
    findings.push({
      phrase: `the quality gate${failed.length === 1 ? "" : "s"} of ${joinPhrases(failed)} failed`,
      problems: failed.map((key) => `Quality gate of track ${key} failed.`),
    });
  if (cancelled.length > 0)
    findings.push({
      phrase: `the quality gate${cancelled.length === 1 ? "" : "s"} of ${joinPhrases(cancelled)} gave no verdict`,
      problems: cancelled.map((key) => `Quality gate of track ${key} was cut off before its verdict.`),
    });
  // A gate that failed before it passed still lowers the pass rate; said only when no latest gate failed.
  const rate = input.qualityPassRate;
  if (failed.length === 0 && rate && rate.status === "fail" && rate.value !== null) {
    const percent = `${Math.round(rate.value)} %`;
    findings.push({
      phrase: `the quality gate pass rate is ${percent}`,
      problems: [`Quality gate pass rate ${percent}, under the seed's 95 %: a gate failed before it passed.`],
    });
  }
  return findings;
}

function handoffFindings(handoffs: NonNullable<RunOutcomeInput["handoffs"]>): Finding[] {
  return (["skipped", "failed"] as const).flatMap((state): Finding[] => {
    const these = handoffs.filter((h) => h.state === state);
    if (these.length === 0) return [];
    const names = these.map((h) => `${h.from} → ${h.to}`);
    const many = these.length > 1;
    const verb = state === "skipped" ? (many ? "were skipped" : "was skipped") : "failed";
    return [
      {
        phrase: `the handoff${many ? "s" : ""} ${joinPhrases(names)} ${verb}`,
        problems: these.map((h) => `Handoff ${h.from} → ${h.to} ${state}${h.reason ? `: ${h.reason}` : "."}`),
      },
    ];
  });
}

function blockerFindings(blockers: NonNullable<RunOutcomeInput["blockers"]>): Finding[] {
  const open = blockers.filter(
    (b) => b.resolvedAt === null && (b.severity === "critical" || b.severity === "high"),
  );
  if (open.length === 0) return [];
  const critical = open.filter((b) => b.severity === "critical").length;
  const high = open.length - critical;
  const counts = [critical > 0 ? `${critical} critical` : null, high > 0 ? `${high} high` : null]
    .filter((c): c is string => c !== null)
    .join(" and ");
  const phrase = open.length === 1 ? `a ${open[0]?.severity} blocker is open` : `${counts} blockers are open`;
  const problems = [...open]
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "critical" ? -1 : 1))
    .map(
      (b) =>
        `${b.severity === "critical" ? "Critical" : "High"} blocker open on track ${b.trackKey}: ${b.blocker}`,
    );
  return [{ phrase, problems }];
}

/** "A", "A and B", "A, B and C". */
function joinPhrases(parts: readonly string[]): string {
  if (parts.length <= 1) return parts.join("");
  return `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

export type TimeSavedDisplay = {
  /** "47.2 %" (as the retrospective's table shows it), or "—" when there is no figure. */
  value: string;
  /** Against the target ("target met", "misses the target"), or why there is no figure. */
  verdict: string;
  status: MetricStatus;
};

/** The time saved as the banner shows it: the figure, and whether it meets the seed's target (as the retrospective). */
export function describeTimeSaved(
  metric: Pick<Metric, "value" | "unit" | "status" | "note">,
): TimeSavedDisplay {
  if (metric.value === null) return { value: "—", verdict: metric.note, status: metric.status };
  // The retrospective's own formatter, so one run's figure reads the same on both pages.
  const value = formatMetricValue(metric);
  switch (metric.status) {
    case "met":
      return { value, verdict: metric.value > 70 ? "beats the target" : "target met", status: "met" };
    case "warn":
      return { value, verdict: "near the target", status: "warn" };
    case "fail":
      return { value, verdict: "misses the target", status: "fail" };
    case "no-data":
      return { value, verdict: metric.note, status: "no-data" };
  }
}
