// The value types the plan file's fields share (sizes, durations, percents, commands, names, paths) and the
// patterns behind them, so every section of the schema words the same mistake the same way.
import { z } from "zod";
import { DURATION_FORM, parseDuration, parseSize, SIZE_FORM } from "../units";
import { PLAN_LIMITS as LIMITS } from "./plan-limits";

// JSON Schema patterns for editors; they accept exactly what parseSize / parseDuration accept (a test holds them to it).
/** A size such as "11.976GB" or "512MiB", for editors. */
export const SIZE_JSON_PATTERN = "^\\s*\\d+(?:\\.\\d+)?\\s*(?:[bB]|[kKmMgGtT](?:[iI]?[bB])?)\\s*$";
/** A duration such as "90m" or "2-3d", for editors. */
export const DURATION_JSON_PATTERN =
  "^\\s*\\d+(?:\\.\\d+)?\\s*(?:-\\s*\\d+(?:\\.\\d+)?)?\\s*(?:s|m|min|h|d|w)\\s*$";

/** Track and agent keys: safe in branch names, file names and URLs. */
export const TRACK_KEY_PATTERN = /^[A-Za-z0-9_-]+$/;
/** ramProfile.rampTo written as text: "40%" (0–100). */
export const RAMP_PERCENT_PATTERN = /^\s*(?:100(?:\.0+)?|\d{1,2}(?:\.\d+)?)\s*%\s*$/;

/** ramProfile.rampTo as a number of percent. */
export function parseRampTo(rampTo: number | string): number {
  return typeof rampTo === "number" ? rampTo : Number.parseFloat(rampTo);
}
/** Environment variable names a shell accepts. */
export const ENV_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** ENV_NAME_PATTERN in words, for its error (zod's adds ", got …"). */
export const ENV_NAME_RULE =
  "expected an environment variable name (ASCII letters, digits and _, not starting with a digit)";

/** CPU niceness, 0 to 19: agents yield the CPU so the dashboard and the governor stay responsive. */
export const niceness = z
  .number({ error: "expected a niceness from 0 to 19" })
  .int({ error: "expected a whole niceness from 0 to 19" })
  .min(0, { error: "niceness is from 0 (normal) to 19 (lowest CPU priority)" })
  .max(19, { error: "niceness is from 0 (normal) to 19 (lowest CPU priority)" });

/** What is wrong with a size that parseSize refuses: a bare number is told its unit is missing. */
export function sizeProblem(input: unknown): string {
  // A comma: a thousands separator before three digits ("1,000MB"), else a decimal comma ("1,5GB").
  const comma = typeof input === "string" ? /^\s*(\d+),(\d+)(.*)$/.exec(input) : null;
  if (comma) {
    const thousands = comma[2]!.length === 3;
    const instead = `${comma[1]}${thousands ? "" : "."}${comma[2]}${comma[3]!.trim()}`;
    if (parseSize(instead) !== null) {
      const how = thousands ? "without the thousands separator" : "with a decimal point, not a comma";
      return `expected ${SIZE_FORM}, got "${String(input)}": write it ${how}, e.g. "${instead}"`;
    }
  }
  const bare = typeof input === "string" && /^\s*\d+(?:\.\d+)?\s*$/.test(input);
  return bare
    ? `expected ${SIZE_FORM}: add its unit (a bare number could mean bytes or megabytes)`
    : `expected ${SIZE_FORM}`;
}

/**
 * A number written where a size or duration is expected (ram: 512, duration: 90): YAML read it as a number, and
 * quoting it would not do (a bare number has no unit), so the message asks for the unit.
 */
export function missingUnit(form: string, unit: string) {
  return (issue: { input?: unknown }) =>
    typeof issue.input === "number"
      ? `expected ${form}, got ${issue.input}: add its unit, e.g. "${issue.input}${unit}"`
      : `expected ${form}`;
}

/** A size as text, checked with parseSize so the schema and the engine agree. */
export const sizeString = z
  .string({ error: missingUnit(SIZE_FORM, "MB") })
  .refine((text) => parseSize(text) !== null, { error: (issue) => sizeProblem(issue.input) })
  .meta({ pattern: SIZE_JSON_PATTERN });

/**
 * A track's RAM estimate: a size above 0. A zero estimate would tell the governor the track needs no room at all,
 * the opposite of what a lead who writes 0 for "unknown" means.
 */
export const positiveSizeString = z
  .string({ error: missingUnit(SIZE_FORM, "MB") })
  .refine((text) => parseSize(text) !== null, { error: (issue) => sizeProblem(issue.input), abort: true })
  .refine((text) => (parseSize(text) ?? 1) > 0, {
    message:
      "must be more than 0: leave ram out when the size is not known (the track then starts with a default reservation and its size is learned)",
  })
  .meta({ pattern: SIZE_JSON_PATTERN });

/** A duration (or range) as text, checked with parseDuration so the schema and the planner agree. */
export const durationString = z
  .string({ error: missingUnit(DURATION_FORM, "m") })
  .refine((text) => parseDuration(text) !== null, {
    error: (issue) => durationProblem(String(issue.input)),
    abort: true,
  })
  .refine((text) => (parseDuration(text)?.maxMs ?? 1) > 0, {
    error: "must be more than 0: leave duration out when it is not known",
    abort: true,
  })
  .refine((text) => (parseDuration(text)?.maxMs ?? 0) <= LIMITS.durationDays * 86_400_000, {
    error: `must be at most ${LIMITS.durationDays} days: split a longer piece of work into tracks`,
  })
  .meta({ pattern: DURATION_JSON_PATTERN });

const NUMBER = "\\d+(?:\\.\\d+)?";
const WORD_UNITS: Record<string, string> = {
  sec: "s",
  second: "s",
  min: "m",
  minute: "m",
  hr: "h",
  hour: "h",
  day: "d",
  week: "w",
};

/**
 * What is wrong with a duration that parseDuration refuses, with the form to write instead where it can be told:
 * a range running backwards ("2-1h"), several units ("1h30m", which parseDuration reads as no duration at all) or a
 * unit spelt out ("2 hours").
 */
export function durationProblem(text: string): string {
  const range = new RegExp(`^\\s*(${NUMBER})\\s*-\\s*(${NUMBER})\\s*(\\w+)\\s*$`).exec(text);
  if (range && Number(range[2]) < Number(range[1]) && parseDuration(`${range[2]}-${range[1]}${range[3]}`)) {
    return `expected ${DURATION_FORM}, got "${text}": the range runs backwards; write the shorter end first, e.g. "${range[2]}-${range[1]}${range[3]}"`;
  }
  const parts = [...text.matchAll(new RegExp(`(${NUMBER})\\s*([a-z]+)`, "g"))];
  const total = parts.reduce(
    (sum, part) => sum + (parseDuration(`${part[1]}${part[2]}`)?.minMs ?? Number.NaN),
    0,
  );
  if (parts.length > 1 && parts.map((part) => part[0]).join("") === text.replace(/\s+/g, "")) {
    const unit = ["d", "h", "m", "s"].find(
      (u) => total % (parseDuration(`1${u}`)?.minMs ?? Number.NaN) === 0,
    );
    const instead = unit ? `, e.g. "${total / (parseDuration(`1${unit}`)?.minMs ?? 1)}${unit}"` : "";
    return `expected ${DURATION_FORM}, got "${text}": a duration has one number and one unit${instead}`;
  }
  const spelt = new RegExp(`^\\s*(${NUMBER}(?:\\s*-\\s*${NUMBER})?)\\s*([a-z]+?)s?\\s*$`, "i").exec(text);
  const unit = spelt ? WORD_UNITS[spelt[2]!.toLowerCase()] : undefined;
  if (spelt && unit)
    return `expected ${DURATION_FORM}, got "${text}": write the unit short, e.g. "${spelt[1]!.replace(/\s+/g, "")}${unit}"`;
  return `expected ${DURATION_FORM} (units s, m or min, h, d, w), got "${text}"`;
}

/** A percent from 0 to 100 (zones, admission, ramp). */
export const percent = z
  .number({ error: "expected a percent (a number from 0 to 100)" })
  .min(0, { error: "must be a percent from 0 to 100" })
  .max(100, { error: "must be a percent from 0 to 100" });

/** A shell command that must say something, bounded so a hostile plan cannot cost memory. */
export const nonEmptyCommand = (what: string) =>
  z
    .string({ error: `expected ${what} as a string` })
    .max(LIMITS.commandChars, { error: `${what} is longer than ${LIMITS.commandChars} characters` })
    .refine((text) => text.trim() !== "", {
      message: `missing command: ${what} is empty`,
    });

/** A human name, bounded; `what` names it in the message. */
export const name = (what: string) =>
  z
    .string()
    .min(1)
    .max(LIMITS.nameChars, { error: `${what} is longer than ${LIMITS.nameChars} characters` });

/** A file system path as written in the plan, bounded. */
export const pathText = z
  .string()
  .min(1)
  .max(LIMITS.pathChars, { error: `a path is longer than ${LIMITS.pathChars} characters` });
