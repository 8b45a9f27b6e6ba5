// Shapes shared by the governor benchmark's runners, its Paratrack child process and its report.

export type RunnerName =
  | "paratrack"
  | "paratrack-low"
  | "paratrack-none"
  | "paratrack-learned"
  | "paratrack-none-learned"
  | "paratrack-admit85"
  | "paratrack-spike"
  | "parallel-memfree"
  | "parallel-memsuspend"
  | "sequential";

export const RUNNER_NAMES: readonly RunnerName[] = [
  "paratrack",
  "paratrack-low",
  "paratrack-none",
  "paratrack-learned",
  "paratrack-none-learned",
  "paratrack-admit85",
  "paratrack-spike",
  "parallel-memfree",
  "parallel-memsuspend",
  "sequential",
];

/** What runs without --only: the runners (no estimates learned too: its targets are the learned run's). */
export const DEFAULT_RUNNERS: readonly RunnerName[] = RUNNER_NAMES.filter(
  (name) => name !== "paratrack-admit85",
);

/**
 * A learned runner is a second run on its base runner's database (profiles learned by the first): the base runs
 * first (as a warm-up when it was not asked for).
 */
export const LEARNED_BASE: Partial<Record<RunnerName, RunnerName>> = {
  "paratrack-learned": "paratrack",
  "paratrack-none-learned": "paratrack-none",
};

/** How one job fared over all its attempts. */
export type JobOutcome = {
  key: string;
  attempts: number;
  completed: boolean;
  /** How the last attempt ended, in words ("exit 0", "SIGTERM by the runner", "not started"). */
  last: string;
  /** Wall time of the last attempt, start to end, when it ended. */
  lastSeconds: number | null;
};

/** What every runner reports; the bench adds the memory figures it sampled itself. */
export type RunnerResult = {
  name: RunnerName;
  label: string;
  /** Epoch ms of the first start and of the last job's end (or the abort). */
  startedAt: number;
  endedAt: number;
  jobs: JobOutcome[];
  /** Attempts the runner ended on purpose (GNU parallel's --memfree kill, Paratrack's stop-requeue). */
  killedOrRequeued: number;
  /** Attempts that ended by a signal the runner did not send, or by SIGKILL (the OOM killer's signal). */
  died: number;
  /** Why the runner was cut short (the machine guard, a timeout), or null. */
  aborted: string | null;
  notes: string[];
  paratrack?: ParatrackDetails;
};

/** Paratrack's own record of a run, from the engine's pushed events. */
export type ParatrackDetails = {
  budgetBytes: number;
  hardFloorBytes: number;
  estimateFactor: number;
  samples: {
    at: number;
    zone: string;
    zoneSource: string;
    budgetPercent: number | null;
    machinePercent: number;
    availableBytes: number;
  }[];
  events: {
    at: number;
    kind: string;
    trackKey: string | null;
    message: string;
    severity: string;
    /** The zone a governor decision was made in. */
    zone: string | null;
    /** For agent:exited. */
    exit: { code: number | null; signal: string | null } | null;
  }[];
};

/** The input of the Paratrack child process (bench/governor-paratrack.ts). */
export type ParatrackJobInput = {
  name: RunnerName;
  label: string;
  /** estimateBytes null: the plan gives no ram for the track. */
  jobs: { key: string; estimateBytes: number | null; command: string }[];
  budgetBytes: number;
  hardFloorBytes: number;
  estimateFactor: number;
  timeoutMs: number;
  /** Extra plan settings under ram: (for variants), e.g. { admitBelow: 85 }. */
  ram?: Record<string, number>;
  /** A data directory (SQLite database) to run in and keep, so that a later run learns from this one. */
  dataDir?: string;
};
