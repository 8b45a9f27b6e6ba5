// Reads a plan file: every problem at once with file, line and column, else the normalised Plan.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import type { z } from "zod";
import { detectAgentKind } from "./agent-adapter";
import {
  checkPlanSemantics,
  defaultAgentName,
  type Finding,
  formatSuggestion,
  isRecord,
} from "./plan-checks";
import {
  DEFAULT_BACKFILL_SECONDS,
  DEFAULT_GRACE_SECONDS,
  DEFAULT_SETTLE_SECONDS,
  DEFAULT_STATUS_AT,
  DEFAULT_ZONES,
} from "./plan-defaults";
import { listKnownKeys } from "./plan-known-keys";
import { PLAN_LIMITS } from "./plan-limits";
import { type PlanFile, planFileSchema } from "./plan-schema";
import { resolveTrackExecutor } from "./plan-schema-executor";
import { parseRampTo } from "./plan-schema-fields";
import type { TrackFile } from "./plan-schema-track";
import type { Plan, TrackExecutorSpec, TrackPlan } from "./types";
import { parseDuration, parseSize } from "./units";

export type PlanIssue = {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Where in the data, e.g. "tracks[1].ram"; "" for the whole file. */
  path: string;
  message: string;
  severity: "error" | "warning";
};

export type ValidatePlanOptions = {
  /** Shown in issues, e.g. the path the user typed. */
  fileName: string;
  /** The plan file's directory: relative workdirs resolve against it. */
  baseDir: string;
  /** RAM a single track may at most need (the machine's or cgroup's total); null skips that check. */
  effectiveTotalBytes: number | null;
};

export type PlanValidation =
  | { ok: true; plan: Plan; warnings: PlanIssue[] }
  | { ok: false; errors: PlanIssue[]; warnings: PlanIssue[] };

type Located = Finding & { offset?: number };

/** Parses and checks a plan file's text; pure (the caller reads the file and the machine's RAM). */
export function validatePlan(source: string, options: ValidatePlanOptions): PlanValidation {
  // Checked before parsing: the size bounds what parsing may cost.
  if (utf8Length(source) > PLAN_LIMITS.sourceBytes) {
    return failWith([
      {
        file: options.fileName,
        line: 1,
        column: 1,
        path: "",
        message: `the plan is larger than ${PLAN_LIMITS.sourceBytes} bytes; plans are a few kB (split it, or move long texts into files)`,
        severity: "error",
      },
    ]);
  }
  const lineCounter = new LineCounter();
  // uniqueKeys off: duplicate keys are reported below with both places named, and the rest still gets checked.
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const findings: Located[] = doc.warnings.map((warning) => ({
    path: [],
    message: warning.message,
    severity: "warning",
    offset: warning.pos[0],
  }));
  const syntaxErrors: Located[] = doc.errors.map((error) => ({
    path: [],
    message:
      error.code === "MULTIPLE_DOCS"
        ? 'YAML: a plan file holds one document; remove the second "---"'
        : `YAML: ${error.message}`,
    severity: "error",
    offset: error.pos[0],
  }));
  const locateAll = (all: readonly Located[]) =>
    locateFindings(all, doc.contents, lineCounter, options.fileName);
  // Past a syntax error the data is a guess, so schema findings would mostly be noise.
  if (syntaxErrors.length > 0) return failWith(locateAll([...findings, ...syntaxErrors]));

  findings.push(...findDuplicateKeys(doc.contents, [], lineCounter));
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (error) {
    // e.g. an alias bomb ("billion laughs") past maxAliasCount.
    findings.push({ path: [], message: `YAML: ${(error as Error).message}`, severity: "error" });
    return failWith(locateAll(findings));
  }
  if (raw === null || raw === undefined) {
    findings.push({ path: [], message: "the plan file is empty", severity: "error" });
    return failWith(locateAll(findings));
  }
  const parsed = planFileSchema.safeParse(raw, { reportInput: true, error: describeDefaultIssue });
  if (!parsed.success) findings.push(...parsed.error.issues.flatMap((issue) => fromZodIssue(issue, [])));
  findings.push(...checkPlanSemantics(raw, options.effectiveTotalBytes));

  const issues = locateAll(findings);
  const errors = issues.filter((issue) => issue.severity === "error");
  const warnings = issues.filter((issue) => issue.severity === "warning");
  if (errors.length > 0 || !parsed.success) return { ok: false, errors, warnings };
  return { ok: true, plan: normalisePlan(parsed.data, options.baseDir), warnings };
}

/** "plan.yaml:12:5 error tracks[1].ram: message", one line per issue. */
export function formatPlanIssues(issues: readonly PlanIssue[]): string[] {
  return issues.map(
    (issue) =>
      `${issue.file}:${issue.line}:${issue.column} ${issue.severity} ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`,
  );
}

/** "tracks[1].agents[0].command"; keys that are not identifiers are quoted: resources["gpu.gb"]. */
export function formatDataPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(String(segment)))
      text += `${text === "" ? "" : "."}${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}

function failWith(issues: readonly PlanIssue[]): PlanValidation {
  return {
    ok: false,
    errors: issues.filter((issue) => issue.severity === "error"),
    warnings: issues.filter((issue) => issue.severity === "warning"),
  };
}

function locateFindings(
  findings: readonly Located[],
  root: unknown,
  lineCounter: LineCounter,
  fileName: string,
): PlanIssue[] {
  return findings
    .map((finding): PlanIssue => {
      const offset = finding.offset ?? locate(root, finding.path, finding.at ?? "value");
      const { line, col } = lineCounter.linePos(offset);
      return {
        file: fileName,
        line,
        column: col,
        path: formatDataPath(finding.path),
        message: finding.message,
        severity: finding.severity,
      };
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

// The offset of a data path in the document: the value's start, or its key's, or the nearest ancestor's.
function locate(root: unknown, path: readonly PropertyKey[], at: "key" | "value"): number {
  let node: unknown = root;
  let best = startOf(root) ?? 0;
  for (let depth = 0; depth < path.length; depth += 1) {
    const segment = path[depth];
    const isLast = depth === path.length - 1;
    if (isMap(node)) {
      // The last of duplicate keys is the one that takes effect, as in toJS().
      const pair = node.items.findLast(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) return best;
      const keyStart = startOf(pair.key);
      if (isLast && at === "key" && keyStart !== undefined) return keyStart;
      best = (isPresent(pair.value) ? startOf(pair.value) : undefined) ?? keyStart ?? best;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number") {
      const item: unknown = node.items[segment];
      if (item === undefined) return best;
      best = startOf(item) ?? best;
      node = item;
    } else {
      return best;
    }
  }
  return best;
}

function startOf(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range ? range[0] : undefined;
}

// An empty value ("ram:") has a zero-width range after the key; pointing at the key reads better.
function isPresent(node: unknown): boolean {
  const range = (node as YamlNode | null | undefined)?.range;
  return !!range && !(isScalar(node) && node.value === null && range[0] === range[1]);
}

function findDuplicateKeys(node: unknown, path: (string | number)[], lineCounter: LineCounter): Located[] {
  const found: Located[] = [];
  if (isMap(node)) {
    const firstLine = new Map<string, number>();
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const key = String(pair.key.value);
      const start = startOf(pair.key) ?? 0;
      const first = firstLine.get(key);
      if (first === undefined) firstLine.set(key, lineCounter.linePos(start).line);
      else {
        found.push({
          path: [...path, key],
          message: `duplicate key "${key}" (first given on line ${first}); a key may appear once`,
          severity: "error",
          offset: start,
        });
      }
      found.push(...findDuplicateKeys(pair.value, [...path, key], lineCounter));
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      found.push(...findDuplicateKeys(item, [...path, index], lineCounter));
    });
  }
  return found;
}

function fromZodIssue(issue: z.core.$ZodIssue, prefix: PropertyKey[]): Located[] {
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
          message: `unknown field "${key}"${formatSuggestion(key, known)}${known.length > 0 ? `; allowed here: ${known.join(", ")}` : ""}`,
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
      return [{ path, message: withInput(issue.message, issue.input), severity: "error" }];
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

// Messages for issues whose schema gives none of its own.
const describeDefaultIssue: z.core.$ZodErrorMap = (issue) => {
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

function normalisePlan(file: PlanFile, baseDir: string): Plan {
  const zones = { ...DEFAULT_ZONES, ...file.ram?.zones };
  const budgetText = file.ram?.budget ?? "auto";
  const workdir = resolvePath(baseDir, file.workdir ?? ".");
  return {
    name: file.name,
    ram: {
      budget: budgetText.trim() === "auto" ? "auto" : (parseSize(budgetText) ?? 0),
      zones,
      admitBelow: file.ram?.admitBelow ?? zones.orange,
      graceSeconds: file.ram?.graceSeconds ?? DEFAULT_GRACE_SECONDS,
      settleSeconds: file.ram?.settleSeconds ?? DEFAULT_SETTLE_SECONDS,
      backfillSeconds: file.ram?.backfillSeconds ?? DEFAULT_BACKFILL_SECONDS,
      victimOrder: file.ram?.victimOrder ?? null,
    },
    maxConcurrent: file.maxConcurrent ?? null,
    resources: { ...file.resources },
    workdir,
    tracks: file.tracks.map((track) =>
      normaliseTrack(track, baseDir, workdir, {
        nice: file.nice,
        idleMinutes: file.idleMinutes ?? null,
        hasRepo: file.repo !== undefined,
        executorOf: (track) => resolveTrackExecutor(file, track),
      }),
    ),
    maxCostUsd: file.maxCostUsd ?? null,
    prices: { ...file.prices },
    notify: { webhook: file.notify?.webhook ?? null },
    repo: file.repo === undefined ? null : { path: resolvePath(baseDir, file.repo), base: file.base ?? null },
    handoffs: (file.handoffs ?? []).map((h) => ({
      from: h.from,
      to: h.to,
      artifacts: [...h.artifacts],
      acknowledge: h.acknowledge ?? "auto",
    })),
    status: { at: file.status?.at ?? DEFAULT_STATUS_AT },
    integration:
      file.integration === undefined
        ? null
        : { test: file.integration.test ?? null, branch: file.integration.branch ?? null },
  };
}

function normaliseTrack(
  track: TrackFile,
  baseDir: string,
  planWorkdir: string,
  planDefaults: {
    nice: number;
    idleMinutes: number | null;
    hasRepo: boolean;
    executorOf: (track: TrackFile) => TrackExecutorSpec;
  },
): TrackPlan {
  const model =
    track.model === undefined || track.model === null
      ? { local: null, cloud: null }
      : typeof track.model === "string"
        ? { local: track.model, cloud: null }
        : { local: track.model.local ?? null, cloud: track.model.cloud ?? null };
  const given = track.agents ?? [
    { command: track.command ?? "", subAgents: track.subAgents ?? 0, kind: track.kind, resume: track.resume },
  ];
  return {
    key: track.key,
    name: track.name ?? track.key,
    priority: track.priority,
    tier: track.tier,
    ramBytes: typeof track.ram === "string" ? parseSize(track.ram) : null,
    duration: typeof track.duration === "string" ? parseDuration(track.duration) : null,
    ramProfile: track.ramProfile ? { rampToPercent: parseRampTo(track.ramProfile.rampTo) } : null,
    model,
    dependsOn: [...(track.dependsOn ?? [])],
    scope: [...(track.scope ?? [])],
    workdir: track.workdir === undefined ? planWorkdir : resolvePath(baseDir, track.workdir),
    env: Object.fromEntries(Object.entries(track.env ?? {}).map(([name, value]) => [name, String(value)])),
    test: track.test ?? null,
    agents: given.map((agent, index) => ({
      name:
        "name" in agent && agent.name !== undefined
          ? agent.name
          : defaultAgentName(track.key, index, given.length),
      command: agent.command,
      subAgents: agent.subAgents,
      kind: detectAgentKind(agent.command, agent.kind),
      resume: agent.resume ?? null,
    })),
    resources: { ...track.resources },
    nice: track.nice ?? planDefaults.nice,
    maxCostUsd: track.maxCostUsd ?? null,
    idleMinutes: track.idleMinutes ?? planDefaults.idleMinutes,
    requiresEnv: [...(track.requiresEnv ?? [])],
    worktree: planDefaults.hasRepo && track.worktree !== false,
    executor: planDefaults.executorOf(track),
  };
}

// POSIX join + normalise without node:path, so this module also runs in the browser.
function resolvePath(baseDir: string, target: string): string {
  const base = baseDir === "" ? "." : baseDir.replace(/\/+$/, "");
  const joined = target.startsWith("/") ? target : `${base}/${target}`;
  const isAbsolute = joined.startsWith("/");
  const parts: string[] = [];
  for (const part of joined.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && parts.length > 0 && parts[parts.length - 1] !== "..") parts.pop();
    else if (part !== ".." || !isAbsolute) parts.push(part);
  }
  const text = parts.join("/");
  return isAbsolute ? `/${text}` : text === "" ? "." : text;
}

/** Bytes of `text` in UTF-8, without allocating (this module also runs in the browser). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
