// Reads what bench/jobs/attempt.sh and GNU parallel's --joblog wrote: every attempt of every job and how it ended.
import type { JobOutcome } from "./governor-types";

export type Attempt = { key: string; startMs: number; endMs: number | null; status: number | null };

/** Pairs "<key> start <ms>" and "<key> end <ms> <status>" lines into attempts, in start order. */
export function parseAttemptLog(text: string): Attempt[] {
  const attempts: Attempt[] = [];
  const open = new Map<string, Attempt>();
  for (const line of text.split("\n")) {
    const parts = line.trim().split(/\s+/);
    const [key, what, ms, status] = parts;
    if (key === undefined || ms === undefined) continue;
    if (what === "start") {
      const attempt: Attempt = { key, startMs: Number(ms), endMs: null, status: null };
      attempts.push(attempt);
      open.set(key, attempt);
    } else if (what === "end") {
      const attempt = open.get(key);
      if (!attempt) continue;
      attempt.endMs = Number(ms);
      attempt.status = status === undefined ? null : Number(status);
      open.delete(key);
    }
  }
  return attempts;
}

const SIGNALS: Record<number, string> = { 1: "SIGHUP", 2: "SIGINT", 9: "SIGKILL", 15: "SIGTERM" };

/** "exit 0", "SIGTERM (143)", "killed without a trace" for an attempt the shell did not outlive. */
export function describeStatus(status: number | null): string {
  if (status === null) return "killed (SIGKILL to its whole group)";
  if (status > 128 && status < 160) return `${SIGNALS[status - 128] ?? `signal ${status - 128}`} (${status})`;
  return `exit ${status}`;
}

export type AttemptSummary = {
  jobs: JobOutcome[];
  /** Attempts ended by SIGTERM: the runner's own kill (GNU parallel --memfree sends TERM first). */
  killedByRunner: number;
  /** Attempts ended by SIGKILL or another signal, or that vanished with their shell: OOM kills look like this. */
  died: number;
};

/** Outcome per job (a job counts as completed when its last attempt exited 0) and the kill counts. */
export function summarizeAttempts(keys: readonly string[], attempts: readonly Attempt[]): AttemptSummary {
  let killedByRunner = 0;
  let died = 0;
  for (const [i, a] of attempts.entries()) {
    if (a.endMs === null) {
      // The shell died with its job: GNU parallel escalates to SIGKILL on the group when TERM is not enough.
      // Without a later attempt the runner was cut short while it ran: not a kill of the runner's own.
      if (attempts.slice(i + 1).some((later) => later.key === a.key)) killedByRunner += 1;
      continue;
    }
    if (a.status === 143) killedByRunner += 1;
    else if (a.status !== null && a.status > 128) died += 1;
  }
  const jobs = keys.map((key): JobOutcome => {
    const mine = attempts.filter((a) => a.key === key);
    const last = mine.at(-1);
    if (!last) return { key, attempts: 0, completed: false, last: "not started", lastSeconds: null };
    if (last.endMs === null) {
      return { key, attempts: mine.length, completed: false, last: "did not end", lastSeconds: null };
    }
    return {
      key,
      attempts: mine.length,
      completed: last.status === 0,
      last: describeStatus(last.status),
      lastSeconds: (last.endMs - last.startMs) / 1000,
    };
  });
  return { jobs, killedByRunner, died };
}

export type JoblogEntry = { seq: number; exitval: number; signal: number; command: string };

/** GNU parallel's --joblog: one line per job (its final attempt), tab-separated, after a header. */
export function parseJoblog(text: string): JoblogEntry[] {
  return text
    .split("\n")
    .slice(1)
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const f = line.split("\t");
      return {
        seq: Number(f[0]),
        exitval: Number(f[6]),
        signal: Number(f[7]),
        command: f.slice(8).join("\t"),
      };
    });
}
