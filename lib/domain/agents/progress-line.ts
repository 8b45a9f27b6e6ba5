// The line protocol agents use on stdout to report progress: one directive per line, starting with "::".
//   ::progress 40            percent complete (0–100, decimals and a trailing % allowed)
//   ::done <text>            something finished
//   ::next <text>            what comes next
//   ::blocker <critical|high|medium|low> <text>[ | <resolution plan>]
//   ::status <on-track|at-risk|blocked>
//   ::lesson <text>          a lesson learned (for the track's handoff documents)
//   ::touch <path>           a file the agent is about to change (for scope-conflict detection)
//   ::tokens <in> <out>      tokens this agent process has used so far (a running total: each line replaces the last)
//   ::cost <usd>             dollars this agent process has spent so far (a running total, e.g. 0.42 or $0.42)
//   ::session <id>           the agent's session id, for resuming it later (a resume template's {session})

import type { BlockerSeverity, ProgressReport, ReportStatus } from "../types";

export type ProgressDirective =
  | { kind: "progress"; percent: number }
  | { kind: "done"; text: string }
  | { kind: "next"; text: string }
  | { kind: "lesson"; text: string }
  | { kind: "blocker"; severity: BlockerSeverity; text: string; resolutionPlan: string | null }
  | { kind: "status"; status: ReportStatus }
  | { kind: "touch"; path: string }
  | { kind: "tokens"; inputTokens: number; outputTokens: number }
  | { kind: "cost"; usd: number }
  | { kind: "session"; sessionId: string }
  | { kind: "invalid"; directive: string; reason: string; line: string };

export type ProgressDirectiveKind = Exclude<ProgressDirective["kind"], "invalid">;

const BLOCKER_SEVERITIES: readonly BlockerSeverity[] = ["critical", "high", "medium", "low"];
const REPORT_STATUSES: readonly ReportStatus[] = ["on-track", "at-risk", "blocked"];
const DIRECTIVES: readonly ProgressDirectiveKind[] = [
  "progress",
  "done",
  "next",
  "blocker",
  "status",
  "lesson",
  "touch",
  "tokens",
  "cost",
  "session",
];

const DIRECTIVE_LINE = /^::([A-Za-z][\w-]*)(?:\s+(.*))?$/;
const PERCENT = /^(\d{1,3}(?:\.\d+)?)\s*%?$/;
const TOKEN_COUNT = /^\d{1,15}$/;
const DOLLARS = /^\$?(\d{1,9}(?:\.\d+)?)$/;
/** Session ids end up in a shell command on resume, so only a conservative alphabet is accepted. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

/**
 * Parses one line of agent output: a directive, `invalid` for a malformed directive, or null for an ordinary line.
 * Lines in GitHub Actions' `::name ...::` form are ordinary: tools an agent runs print them.
 */
export function parseProgressLine(rawLine: string): ProgressDirective | null {
  const line = rawLine.trim();
  if (!line.startsWith("::")) return null;
  const match = DIRECTIVE_LINE.exec(line);
  if (!match) {
    return /^::[A-Za-z][\w-]*::/.test(line)
      ? null
      : { kind: "invalid", directive: "", reason: "expected a directive name after '::'", line };
  }
  const name = (match[1] ?? "").toLowerCase();
  const argument = (match[2] ?? "").trim();
  const invalid = (reason: string): ProgressDirective => ({ kind: "invalid", directive: name, reason, line });

  if (!isOneOf(DIRECTIVES, name)) {
    if (line.indexOf("::", 2) !== -1) return null;
    return invalid(`unknown directive "::${name}" (known: ${DIRECTIVES.map((d) => `::${d}`).join(", ")})`);
  }
  switch (name) {
    case "progress": {
      const percentMatch = PERCENT.exec(argument);
      const percent = percentMatch ? Number(percentMatch[1]) : Number.NaN;
      if (!Number.isFinite(percent) || percent > 100) {
        return invalid(`expected a percentage from 0 to 100, got "${argument}"`);
      }
      return { kind: "progress", percent };
    }
    case "done":
    case "next":
    case "lesson":
      return argument === "" ? invalid(`::${name} needs a description`) : { kind: name, text: argument };
    case "blocker": {
      const [severityWord = "", ...words] = argument.split(/\s+/);
      const severity = severityWord.toLowerCase();
      if (!isOneOf(BLOCKER_SEVERITIES, severity)) {
        return invalid(`expected a severity (${BLOCKER_SEVERITIES.join(", ")}), got "${severityWord}"`);
      }
      // "<text> | <plan>", as `paratrack report --blocker "high:<text>|<plan>"`.
      const rest = words.join(" ");
      const bar = rest.indexOf("|");
      const text = (bar === -1 ? rest : rest.slice(0, bar)).trim();
      const plan = bar === -1 ? "" : rest.slice(bar + 1).trim();
      return text === ""
        ? invalid("::blocker needs a description after the severity")
        : { kind: "blocker", severity, text, resolutionPlan: plan === "" ? null : plan };
    }
    case "status": {
      const status = argument.toLowerCase();
      return isOneOf(REPORT_STATUSES, status)
        ? { kind: "status", status }
        : invalid(`expected a status (${REPORT_STATUSES.join(", ")}), got "${argument}"`);
    }
    case "touch":
      return argument === "" ? invalid("::touch needs a path") : { kind: "touch", path: argument };
    case "tokens": {
      const [input = "", output = "", ...rest] = argument.split(/\s+/);
      return TOKEN_COUNT.test(input) && TOKEN_COUNT.test(output) && rest.length === 0
        ? { kind: "tokens", inputTokens: Number(input), outputTokens: Number(output) }
        : invalid(`expected two whole numbers "<input> <output>", got "${argument}"`);
    }
    case "cost": {
      const dollars = DOLLARS.exec(argument);
      return dollars
        ? { kind: "cost", usd: Number(dollars[1]) }
        : invalid(`expected an amount in US dollars (e.g. 0.42), got "${argument}"`);
    }
    case "session":
      return SESSION_ID_PATTERN.test(argument)
        ? { kind: "session", sessionId: argument }
        : invalid(
            `expected a session id (letters, digits, . _ : -; at most 200 characters), got "${argument}"`,
          );
  }
}

/** The report fields one directive sets; null for directives that are not part of a report (touch, usage, session, invalid). */
export function toProgressReport(
  track: string,
  parsed: ProgressDirective,
  agent?: string,
): ProgressReport | null {
  const base: ProgressReport = agent === undefined ? { track } : { track, agent };
  switch (parsed.kind) {
    case "progress":
      return { ...base, progressPercent: parsed.percent };
    case "done":
      return { ...base, completedToday: [parsed.text] };
    case "next":
      return { ...base, plannedTomorrow: [parsed.text] };
    case "lesson":
      return { ...base, lessons: [parsed.text] };
    case "blocker":
      return {
        ...base,
        blockers: [
          { blocker: parsed.text, severity: parsed.severity, resolutionPlan: parsed.resolutionPlan },
        ],
      };
    case "status":
      return { ...base, status: parsed.status };
    case "touch":
    case "tokens":
    case "cost":
    case "session":
    case "invalid":
      return null;
  }
}

/**
 * Folds one directive into a running report: percent and status replace; done, next and blockers append,
 * and a `::done` naming a planned item also takes it off the plan.
 */
export function applyProgressDirective(report: ProgressReport, parsed: ProgressDirective): ProgressReport {
  switch (parsed.kind) {
    case "progress":
      return { ...report, progressPercent: parsed.percent };
    case "status":
      return { ...report, status: parsed.status };
    case "done": {
      const next: ProgressReport = {
        ...report,
        completedToday: [...(report.completedToday ?? []), parsed.text],
      };
      if (report.plannedTomorrow?.includes(parsed.text)) {
        next.plannedTomorrow = report.plannedTomorrow.filter((item) => item !== parsed.text);
      }
      return next;
    }
    case "next":
      return report.plannedTomorrow?.includes(parsed.text)
        ? report
        : { ...report, plannedTomorrow: [...(report.plannedTomorrow ?? []), parsed.text] };
    case "lesson":
      return { ...report, lessons: [...(report.lessons ?? []), parsed.text] };
    case "blocker":
      return {
        ...report,
        blockers: [
          ...(report.blockers ?? []),
          { blocker: parsed.text, severity: parsed.severity, resolutionPlan: parsed.resolutionPlan },
        ],
      };
    case "touch":
    case "tokens":
    case "cost":
    case "session":
    case "invalid":
      return report;
  }
}
