// Pre-activation checks (the seed's Phase 2): what must hold before a run starts, as a list of results. The parts
// that need no I/O live here — required environment, local models present, the critical tracks fit in memory,
// summary and formatting (Slurm's in preflight-slurm.ts); lib/preflight looks at PATH, directories, git, the model
// server and Slurm.
import { findMissingModels } from "../governor/model-memory";
import type { Plan } from "../types";
import { formatBytes } from "../units";

export type PreflightCheck = "program" | "workdir" | "env" | "model" | "memory" | "git" | "agents" | "slurm";

export type PreflightResult = {
  check: PreflightCheck;
  /** The track it is about; null for the plan as a whole. */
  track: string | null;
  ok: boolean;
  /** error: blocks the start unless overridden; warning: worth reading; info: a check that could not run. */
  severity: "error" | "warning" | "info";
  message: string;
};

export const passed = (check: PreflightCheck, track: string | null, message: string): PreflightResult => ({
  check,
  track,
  ok: true,
  severity: "info",
  message,
});

export const failed = (
  check: PreflightCheck,
  track: string | null,
  message: string,
  severity: "error" | "warning" | "info" = "error",
): PreflightResult => ({ check, track, ok: false, severity, message });

/** Each track's required environment variables are set (in Paratrack's environment or the track's env); values never appear. */
export function checkRequiredEnv(
  plan: Plan,
  env: Readonly<Record<string, string | undefined>>,
): PreflightResult[] {
  return plan.tracks.flatMap((track) =>
    (track.requiresEnv ?? []).map((name) => {
      const value = track.env[name] ?? env[name];
      return value !== undefined && value !== ""
        ? passed("env", track.key, `${name} is set`)
        : failed("env", track.key, `${name} is not set (the track needs it)`);
    }),
  );
}

/** The plan's local models are installed on the model server; `installed` null means the server was not reachable. */
export function checkLocalModels(
  plan: Plan,
  installed: readonly string[] | null,
  serverNote: string,
): PreflightResult[] {
  const users = plan.tracks.map((track) => ({ trackKey: track.key, localModel: track.model.local }));
  if (!users.some((user) => user.localModel !== null)) return [];
  if (installed === null) {
    return [failed("model", null, `local models not checked: ${serverNote}`, "info")];
  }
  const missing = findMissingModels(installed, users);
  const results = missing.map(({ model, trackKeys }) =>
    failed("model", trackKeys.join(", "), `local model ${model} is not installed (ollama pull ${model})`),
  );
  for (const user of users) {
    if (user.localModel !== null && !missing.some((m) => m.trackKeys.includes(user.trackKey))) {
      results.push(passed("model", user.trackKey, `local model ${user.localModel} is installed`));
    }
  }
  return results;
}

/**
 * The critical tracks fit in the memory available now: each one alone (an error when not), and the ones that may
 * start together at once — no dependencies — all together (a warning: the governor would queue some).
 */
/** How many unknown agents a check names one by one; the rest are counted. */
const STRANDED_NAMED = 5;

/**
 * Agents that run from this data directory without a record in the database (it was emptied or replaced while they
 * ran): Paratrack will neither adopt nor stop them, and a new run beside them may redo their work. One warning.
 */
export function checkUnknownAgents(
  unknown: ReadonlyArray<{ shimPid: number; logPath: string }>,
): PreflightResult[] {
  if (unknown.length === 0) return [];
  const named = unknown
    .slice(0, STRANDED_NAMED)
    .map((agent) => `paratrack-shim pid ${agent.shimPid} (log ${agent.logPath})`);
  const more = unknown.length > STRANDED_NAMED ? ` and ${unknown.length - STRANDED_NAMED} more` : "";
  return [
    failed(
      "agents",
      null,
      `${unknown.length} agent(s) run from this data directory without a record in the database, so Paratrack ` +
        `neither watches nor stops them (was the database emptied or replaced while they ran?): ` +
        `${named.join(", ")}${more}. Restore the database, or stop them (kill the process group of each ` +
        `shim's agent) if their work is not wanted.`,
      "warning",
    ),
  ];
}

export function checkCriticalFits(
  plan: Plan,
  reading: { availableBytes: number; source: string } | null,
): PreflightResult[] {
  const critical = plan.tracks.filter((track) => track.priority === "critical");
  if (critical.length === 0) return [];
  if (reading === null)
    return [failed("memory", null, "memory not checked: no reading of this machine", "info")];
  const available = `${formatBytes(reading.availableBytes)} available (${reading.source})`;
  const results: PreflightResult[] = [];
  for (const track of critical) {
    if (track.ramBytes === null) {
      results.push(failed("memory", track.key, "critical track has no RAM estimate: not checked", "warning"));
    } else if (track.ramBytes > reading.availableBytes) {
      results.push(
        failed("memory", track.key, `critical track needs ${formatBytes(track.ramBytes)}, ${available}`),
      );
    } else {
      results.push(passed("memory", track.key, `needs ${formatBytes(track.ramBytes)}, ${available}`));
    }
  }
  const startable = critical.filter((track) => track.dependsOn.length === 0 && track.ramBytes !== null);
  const together = startable.reduce((sum, track) => sum + (track.ramBytes ?? 0), 0);
  if (startable.length > 1 && together > reading.availableBytes) {
    results.push(
      failed(
        "memory",
        startable.map((track) => track.key).join(", "),
        `the critical tracks that start first need ${formatBytes(together)} together, ${available}: some will wait`,
        "warning",
      ),
    );
  }
  return results;
}

export type PreflightSummary = {
  ok: boolean;
  errors: number;
  warnings: number;
  notes: number;
  passed: number;
};

/** ok: no error (warnings and notes do not block). */
export function summarisePreflight(results: readonly PreflightResult[]): PreflightSummary {
  const count = (predicate: (result: PreflightResult) => boolean) => results.filter(predicate).length;
  const errors = count((result) => !result.ok && result.severity === "error");
  return {
    ok: errors === 0,
    errors,
    warnings: count((result) => !result.ok && result.severity === "warning"),
    notes: count((result) => !result.ok && result.severity === "info"),
    passed: count((result) => result.ok),
  };
}

/** One line per result, failures first: "FAIL env      A  ANTHROPIC_API_KEY is not set (the track needs it)". */
/**
 * The track a result is about and its message, the track named once: a program check's message starts with the
 * agent's name, which for a track's only agent is the track's key ("A  A: x is not on PATH" otherwise).
 */
export function describePreflightResult(result: Pick<PreflightResult, "track" | "message">): {
  track: string | null;
  message: string;
} {
  const { track, message } = result;
  if (track === null) return { track, message };
  const prefix = `${track}: `;
  return { track, message: message.startsWith(prefix) ? message.slice(prefix.length) : message };
}

export function formatPreflight(results: readonly PreflightResult[]): string[] {
  const rank = (result: PreflightResult) =>
    result.ok ? 3 : result.severity === "error" ? 0 : result.severity === "warning" ? 1 : 2;
  const trackWidth = Math.max(0, ...results.map((result) => (result.track ?? "").length));
  return [...results]
    .map((result, index) => ({ result, index }))
    .sort((a, b) => rank(a.result) - rank(b.result) || a.index - b.index)
    .map(({ result }) => {
      const tag = result.ok
        ? "ok  "
        : result.severity === "error"
          ? "FAIL"
          : result.severity === "warning"
            ? "warn"
            : "note";
      const { track, message } = describePreflightResult(result);
      return `${tag} ${result.check.padEnd(7)} ${(track ?? "").padEnd(trackWidth)}  ${message}`.trimEnd();
    });
}

/** "2 failed, 1 warning, 1 note, 9 passed". */
export function formatPreflightSummary(summary: PreflightSummary): string {
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? "" : "s"}`;
  return [
    `${summary.errors} failed`,
    plural(summary.warnings, "warning"),
    plural(summary.notes, "note"),
    `${summary.passed} passed`,
  ].join(", ");
}
