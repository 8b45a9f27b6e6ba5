// The seed's daily status update (YAML): writing it, and parsing it from agents' POST bodies. Pure.
import { LineCounter, parseDocument, stringify } from "yaml";
import { z } from "zod";
import type { BlockerReport, BlockerSeverity, ProgressReport, ReportStatus } from "../types";

export const REPORT_STATUSES: readonly ReportStatus[] = ["on-track", "at-risk", "blocked"];
export const BLOCKER_SEVERITIES: readonly BlockerSeverity[] = ["critical", "high", "medium", "low"];

/** The seed's fields, in the seed's order, as the YAML carries them. */
export type DailyStatusDocument = {
  date: string | null;
  track: string;
  agent: string | null;
  status: ReportStatus | null;
  progress_percent: number | null;
  completed_today: string[];
  planned_tomorrow: string[];
  blockers: { blocker: string; severity: BlockerSeverity; resolution_plan: string | null }[];
  /** The seed's three fields, then tokens (all kinds) and cost_usd (null: unknown or none reported). */
  resource_usage: {
    ram_gb: number | null;
    model: string | null;
    duration_hours: number | null;
    tokens: number | null;
    cost_usd: number | null;
  };
};

/** A report in the seed's snake_case shape; unknown values become null or empty lists so every field is present. */
export function toDailyStatusDocument(report: ProgressReport): DailyStatusDocument {
  const usage = report.resourceUsage;
  return {
    date: report.date ?? null,
    track: report.track,
    agent: report.agent ?? null,
    status: report.status ?? null,
    progress_percent: report.progressPercent ?? null,
    completed_today: report.completedToday ?? [],
    planned_tomorrow: report.plannedTomorrow ?? [],
    blockers: (report.blockers ?? []).map((b) => ({
      blocker: b.blocker,
      severity: b.severity,
      resolution_plan: b.resolutionPlan,
    })),
    resource_usage: {
      ram_gb: round2(usage?.ramGb),
      model: usage?.model ?? null,
      duration_hours: round2(usage?.durationHours),
      tokens: usage?.tokens ?? null,
      cost_usd: roundUsd(usage?.costUsd),
    },
  };
}

/** Dollars to a tenth of a cent (small agents' costs are fractions of a cent). */
export function roundUsd(value: number | null | undefined): number | null {
  return value === undefined || value === null ? null : Math.round(value * 10_000) / 10_000;
}

/** The report as the seed's "Daily Status Update Format" YAML (ram_gb and duration_hours to 2 decimals). */
export function toDailyStatusYaml(report: ProgressReport): string {
  return stringify(toDailyStatusDocument(report));
}

/** Several reports (one per track) as one multi-document YAML stream. */
export function toDailyStatusYamlStream(reports: readonly ProgressReport[]): string {
  return reports.map(toDailyStatusYaml).join("---\n");
}

function round2(value: number | undefined): number | null {
  return value === undefined ? null : Math.round(value * 100) / 100;
}

/** One problem in a submitted report: where (e.g. "blockers[0].severity") and what is wrong. */
export type DailyStatusError = { path: string; message: string; line?: number; col?: number };

export type DailyStatusParse =
  | { ok: true; report: ProgressReport }
  | { ok: false; errors: DailyStatusError[] };

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

const text = z.string().trim().min(1, "must not be empty");
const textList = nullable(z.array(text, { error: "must be a list of strings" }));
const nonNegative = (what: string) =>
  nullable(z.number({ error: `must be a number (${what})` }).min(0, "must not be negative"));

const dateText = z
  .preprocess(
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
    z.string({ error: "must be a date YYYY-MM-DD" }),
  )
  .refine(isCalendarDate, "must be a date YYYY-MM-DD");

const severity = z.enum(BLOCKER_SEVERITIES as [BlockerSeverity, ...BlockerSeverity[]], {
  error: `must be one of ${BLOCKER_SEVERITIES.join(", ")}`,
});
const status = z.enum(REPORT_STATUSES as [ReportStatus, ...ReportStatus[]], {
  error: `must be one of ${REPORT_STATUSES.join(", ")}`,
});

const blockerSchema = z
  .strictObject(
    {
      blocker: text,
      severity,
      resolution_plan: nullable(z.string()),
      resolutionPlan: nullable(z.string()),
    },
    { error: "must be an object with blocker, severity and resolution_plan" },
  )
  .superRefine((b, ctx) => rejectBoth(b, ctx, ["resolution_plan", "resolutionPlan"]));

const resourceUsageSchema = z
  .strictObject(
    {
      ram_gb: nonNegative("gigabytes"),
      ramGb: nonNegative("gigabytes"),
      model: nullable(z.string()),
      duration_hours: nonNegative("hours"),
      durationHours: nonNegative("hours"),
      tokens: nullable(
        z.number({ error: "must be a whole number (tokens)" }).int("must be a whole number").min(0),
      ),
      cost_usd: nonNegative("dollars"),
      costUsd: nonNegative("dollars"),
    },
    { error: "must be an object with ram_gb, model, duration_hours, tokens and cost_usd" },
  )
  .superRefine((r, ctx) => {
    rejectBoth(r, ctx, ["ram_gb", "ramGb"]);
    rejectBoth(r, ctx, ["duration_hours", "durationHours"]);
    rejectBoth(r, ctx, ["cost_usd", "costUsd"]);
  });

const progress = nullable(
  z
    .number({ error: "must be a number from 0 to 100" })
    .min(0, "must be from 0 to 100")
    .max(100, "must be from 0 to 100"),
);

/** The seed's daily status fields, accepted in snake_case (as the seed writes them) or camelCase. */
export const dailyStatusSchema = z
  .strictObject(
    {
      date: nullable(dateText),
      track: z.preprocess(
        (v) => (typeof v === "number" && Number.isFinite(v) ? String(v) : v),
        z.string({ error: "is required: the track key" }).trim().min(1, "must not be empty"),
      ),
      agent: nullable(z.string()),
      status: nullable(status),
      progress_percent: progress,
      progressPercent: progress,
      completed_today: textList,
      completedToday: textList,
      planned_tomorrow: textList,
      plannedTomorrow: textList,
      blockers: nullable(z.array(blockerSchema, { error: "must be a list of blockers" })),
      // Not one of the seed's daily status fields: lessons learned, for the track's handoff documents.
      lessons: textList,
      resource_usage: nullable(resourceUsageSchema),
      resourceUsage: nullable(resourceUsageSchema),
    },
    { error: "must be an object with the daily status fields" },
  )
  .superRefine((r, ctx) => {
    rejectBoth(r, ctx, ["progress_percent", "progressPercent"]);
    rejectBoth(r, ctx, ["completed_today", "completedToday"]);
    rejectBoth(r, ctx, ["planned_tomorrow", "plannedTomorrow"]);
    rejectBoth(r, ctx, ["resource_usage", "resourceUsage"]);
  })
  .transform((r): ProgressReport => {
    const report: ProgressReport = { track: r.track };
    if (r.date != null) report.date = r.date;
    if (r.agent != null) report.agent = r.agent;
    if (r.status != null) report.status = r.status;
    const progressPercent = either(r.progress_percent, r.progressPercent);
    if (progressPercent != null) report.progressPercent = progressPercent;
    const completed = either(r.completed_today, r.completedToday);
    if (completed !== undefined) report.completedToday = completed ?? [];
    const planned = either(r.planned_tomorrow, r.plannedTomorrow);
    if (planned !== undefined) report.plannedTomorrow = planned ?? [];
    if (r.lessons != null) report.lessons = r.lessons;
    if (r.blockers !== undefined) {
      report.blockers = (r.blockers ?? []).map(
        (b): BlockerReport => ({
          blocker: b.blocker,
          severity: b.severity,
          resolutionPlan: either(b.resolution_plan, b.resolutionPlan) ?? null,
        }),
      );
    }
    const usage = either(r.resource_usage, r.resourceUsage);
    if (usage != null) {
      const ramGb = either(usage.ram_gb, usage.ramGb);
      const durationHours = either(usage.duration_hours, usage.durationHours);
      const costUsd = either(usage.cost_usd, usage.costUsd);
      report.resourceUsage = {
        ...(ramGb != null ? { ramGb } : {}),
        ...(usage.model != null ? { model: usage.model } : {}),
        ...(durationHours != null ? { durationHours } : {}),
        ...(usage.tokens != null ? { tokens: usage.tokens } : {}),
        ...(costUsd != null ? { costUsd } : {}),
      };
    }
    return report;
  });

/** The spelling that was given; null counts as given (an empty YAML field), unlike undefined. */
function either<T>(snake: T | undefined, camel: T | undefined): T | undefined {
  return snake !== undefined ? snake : camel;
}

/** Validates a daily status (a parsed JSON or YAML body) into a ProgressReport, or lists every problem by field. */
export function parseDailyStatus(input: unknown): DailyStatusParse {
  const result = validate(input);
  if (result.ok) return result;
  return { ok: false, errors: result.errors.map(({ segments: _segments, ...error }) => error) };
}

function validate(
  input: unknown,
): { ok: true; report: ProgressReport } | { ok: false; errors: LocatedError[] } {
  const result = dailyStatusSchema.safeParse(input);
  if (result.success) return { ok: true, report: result.data };
  return { ok: false, errors: result.error.issues.flatMap(toErrors) };
}

/** Parses daily status YAML (or JSON, which is YAML) text; errors carry line and column. */
export function parseDailyStatusYaml(source: string): DailyStatusParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        return { path: "(yaml)", message: e.message, line: pos.line, col: pos.col };
      }),
    };
  }
  const parsed = validate(doc.toJS());
  if (parsed.ok) return parsed;
  return {
    ok: false,
    errors: parsed.errors.map((error) => {
      const { segments, ...rest } = error;
      const pos = locate(doc, lineCounter, segments);
      return pos ? { ...rest, ...pos } : rest;
    }),
  };
}

type LocatedError = DailyStatusError & { segments: PropertyKey[] };

function toErrors(issue: z.core.$ZodIssue): LocatedError[] {
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const segments = [...issue.path, key];
      return { path: formatPath(segments), message: "is not a daily status field", segments };
    });
  }
  return [{ path: formatPath(issue.path), message: issue.message, segments: [...issue.path] }];
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return "(root)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function locate(
  doc: ReturnType<typeof parseDocument>,
  lineCounter: LineCounter,
  segments: PropertyKey[],
): { line: number; col: number } | null {
  // Walk up until a node exists: a missing field is reported where its parent is.
  for (let n = segments.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range) return lineCounter.linePos(range[0]);
  }
  return null;
}

function rejectBoth<T extends Record<string, unknown>>(
  value: T,
  ctx: z.RefinementCtx,
  [snake, camel]: [keyof T & string, keyof T & string],
): void {
  if (value[snake] !== undefined && value[camel] !== undefined) {
    ctx.addIssue({ code: "custom", path: [camel], message: `give either ${snake} or ${camel}, not both` });
  }
}

function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
