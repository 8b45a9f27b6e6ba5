// Zod's issues turned into the plan's own messages: what was expected, what was given, and the field that was
// probably meant ("did you mean").
import type { z } from "zod";
import { type Finding, isRecord } from "./plan-checks";
import { listKnownKeys } from "./plan-known-keys";
import { formatSuggestion } from "./plan-suggest";

/** The findings of one zod issue (a union may yield its fitting option's several); `prefix` is the parent path. */
export function fromZodIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[]): Finding[] {
  const path = [...prefix, ...issue.path].map((segment) =>
    typeof segment === "number" ? segment : String(segment),
  );
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const known = listKnownKeys(path);
        return {
          path: [...path, key],
          at: "key",
          message: `unknown field "${key}"${formatSuggestion(key, known)}${otherLevelHint(key, path)}${known.length > 0 ? `; allowed here: ${known.join(", ")}` : ""}`,
          severity: "error",
        };
      });
    case "invalid_key":
      return [{ path, at: "key", message: issue.issues[0]?.message ?? issue.message, severity: "error" }];
    case "invalid_union": {
      // When the value has the right type for one option (e.g. an object for model), that option's issues say more.
      const fitting = issue.errors.filter(
        (branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0),
      );
      if (fitting.length === 1 && fitting[0]) return fitting[0].flatMap((inner) => fromZodIssue(inner, path));
      return [{ path, message: withInput(issue.message, issue.input), severity: "error" }];
    }
    case "invalid_type": {
      const field = path[path.length - 1];
      if (issue.input === undefined && field !== undefined) {
        return [{ path, message: `missing required field "${String(field)}"`, severity: "error" }];
      }
      return [
        {
          path,
          message: withInput(issue.message, issue.input) + quoteHint(issue, field) + shapeHint(issue, path),
          severity: "error",
        },
      ];
    }
    case "invalid_value": {
      const options = issue.values.map((value) => JSON.stringify(value));
      const given = typeof issue.input === "string" ? issue.input : "";
      const suggestion = formatSuggestion(
        given,
        issue.values.map((value) => String(value)),
      );
      return [
        {
          path,
          message: `expected one of ${options.join(", ")}, got ${describeValue(issue.input)}${suggestion}`,
          severity: "error",
        },
      ];
    }
    default:
      return [{ path, message: withInput(issue.message, issue.input), severity: "error" }];
  }
}

/** A track's field written at the plan's top level, or a plan-only field inside a track: where it belongs. */
function otherLevelHint(key: string, path: readonly (string | number)[]): string {
  const isTop = path.length === 0;
  const isTrack = path.length === 2 && path[0] === "tracks" && typeof path[1] === "number";
  if (isTop && listKnownKeys(["tracks", 0]).includes(key)) {
    return ` ("${key}" is a track's field: move it into each track that needs it, under tracks:)`;
  }
  if (isTrack && listKnownKeys([]).includes(key)) {
    return ` ("${key}" is the plan's field: move it to the top of the file, beside name:)`;
  }
  return "";
}

/**
 * Without the "missing required field" findings a misspelling already explains: "comand" is an unknown field
 * (did you mean "command"?), and a second error saying command is missing would send the lead looking for another.
 */
export function dropExplainedMissingFields(findings: readonly Finding[]): Finding[] {
  const meant = new Set(
    findings.flatMap((finding) => {
      const suggested = /^unknown field ".*?" \(did you mean "(.+?)"\?\)/.exec(finding.message)?.[1];
      return suggested === undefined ? [] : [JSON.stringify([...finding.path.slice(0, -1), suggested])];
    }),
  );
  return findings.filter(
    (finding) =>
      !(finding.message.startsWith("missing required field ") && meant.has(JSON.stringify(finding.path))),
  );
}

/** Messages for issues whose schema gives none of its own, passed to safeParse as its error map. */
export const describeDefaultIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${describeType(issue.expected)}`;
    case "too_small": {
      const minimum = Number(issue.minimum);
      if (issue.origin === "string") return "must not be empty";
      if (issue.origin === "array") return `must list at least ${minimum} item${minimum === 1 ? "" : "s"}`;
      return issue.inclusive ? `must be at least ${minimum}` : `must be greater than ${minimum}`;
    }
    case "too_big":
      return issue.inclusive
        ? `must be at most ${Number(issue.maximum)}`
        : `must be less than ${Number(issue.maximum)}`;
    case "invalid_union":
      return "expected a value of another form";
    default:
      return undefined;
  }
};

/**
 * Text written unquoted that YAML reads as a number or boolean (key: 1, name: 1.5, key: true) where text is expected:
 * say how to keep it text. The value shown is YAML's reading (1.50 reads as 1.5), so it is an example, not a quote.
 */
function quoteHint(issue: z.core.$ZodIssueInvalidType, field: string | number | undefined): string {
  // A size or a duration needs its unit, which its own message asks for (see missingUnit): quotes alone would not do.
  if (issue.expected !== "string" || issue.message.includes("add its unit")) return "";
  if (typeof issue.input !== "number" && typeof issue.input !== "boolean") return "";
  const written = JSON.stringify(String(issue.input));
  const example = typeof field === "string" ? `${field}: ${written}` : written;
  return `; YAML reads it as a ${typeof issue.input}: quote it to make it text, e.g. ${example}`;
}

// Lists of mappings: one text written there is not one of their items.
const MAPPING_LISTS = new Set(["tracks", "agents", "handoffs"]);

/**
 * The right shape for a value written in a neighbouring one: a single item where a list is expected
 * (dependsOn: A), the RAM budget written as the plan's ram (ram: 32GB) or a budget inside a track's ram.
 */
function shapeHint(issue: z.core.$ZodIssueInvalidType, path: readonly (string | number)[]): string {
  const field = path[path.length - 1];
  if (issue.expected === "array" && typeof field === "string" && !MAPPING_LISTS.has(field)) {
    if (typeof issue.input !== "string" && typeof issue.input !== "number") return "";
    const items = String(issue.input)
      .split(",")
      .map((item) => item.trim())
      .filter((item) => item !== "")
      .map((item) => (/^[A-Za-z0-9_.-]+$/.test(item) ? item : JSON.stringify(item)));
    return items.length > 0 ? `; write a list, e.g. ${field}: [${items.join(", ")}]` : "";
  }
  if (path.length === 1 && field === "ram" && typeof issue.input === "string") {
    return `; the plan's ram holds the memory policy: write ram: { budget: ${issue.input} } for the budget`;
  }
  if (path.length === 3 && field === "ram" && isRecord(issue.input) && "budget" in issue.input) {
    return "; a track's ram is its estimate (ram: 4GB): the budget goes in the plan's ram, at the top";
  }
  return "";
}

function withInput(message: string, input: unknown): string {
  return message.startsWith("expected ") && input !== undefined && !message.includes(", got ")
    ? `${message}, got ${describeValue(input)}`
    : message;
}

function describeType(expected: string): string {
  switch (expected) {
    case "object":
      return "a mapping";
    case "array":
      return "a list";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    default:
      return `a ${expected}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (isRecord(value)) return "a mapping";
  if (typeof value === "string") return JSON.stringify(value);
  return String(value);
}
