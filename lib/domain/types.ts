// Types shared by the server, the CLI and the browser. Pure: no runtime imports.

/** How Paratrack reads an agent's stdout: Claude Code's stream-json, Codex's exec --json, or "::" directives only. */
export type AgentKind = "claude" | "codex" | "generic";

/** Dollars per million tokens. Cached input defaults to the input price, cache writes too (an upper bound). */
export type ModelPrice = {
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok?: number;
  cacheWritePerMTok?: number;
};
export type PriceTable = Record<string, ModelPrice>;

/** RAM zones from the seed: Green 0–60 %, Yellow 60–75 %, Orange 75–85 %, Red 85 %+. */
export type Zone = "green" | "yellow" | "orange" | "red";
export const ZONES: readonly Zone[] = ["green", "yellow", "orange", "red"];

/** Lower bounds (percent of the effective total) of Yellow, Orange and Red, plus the hysteresis margin in points. */
export type ZoneThresholds = { yellow: number; orange: number; red: number; hysteresis: number };

/** Which memory view set the zone: the machine, Paratrack's budget, or the machine's hard floor overriding the budget. */
export type ZoneSource = "machine" | "budget" | "hard-floor";

export type TierLabel = "<16GB" | "16GB" | "32GB" | "64GB+";
/** The seed's RAM tier strategy for a machine of this size. */
export type RamTier = {
  label: TierLabel;
  /** Default concurrency limit for the governor and the planner. */
  maxConcurrent: number;
  /** Target RAM utilisation band, in percent. */
  targetUtilization: { min: number; max: number };
};

export type MemorySample = {
  /** ISO time of the reading. */
  at: string;
  zone: Zone;
  zoneSource: ZoneSource;
  tier: RamTier;
  /** The plain /proc/meminfo view of the host. */
  system: { totalBytes: number; availableBytes: number; usedBytes: number; usedPercent: number };
  /** Used vs capacity: physical memory, or the cgroup's limit when that is smaller. */
  machine: {
    capacityBytes: number;
    usedBytes: number;
    usedPercent: number;
    capacitySource: "physical" | "cgroup";
  };
  /** Paratrack's agents vs RAM_BUDGET, when a budget is set. */
  budget: { bytes: number; usedBytes: number; usedPercent: number } | null;
  swap: { totalBytes: number; usedBytes: number };
  /** Memory pressure stall information (avg10, percent), null where the kernel has none. */
  psi: { some10: number; full10: number } | null;
};

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export type Actor = "lead" | "agent" | "system" | "governor";

/** Something that happened, as the events feed shows it. */
export type PtEvent = {
  id: number;
  at: string;
  kind: string;
  severity: Severity;
  message: string;
  runId: string | null;
  trackKey: string | null;
  actor: Actor;
  details: Record<string, unknown> | null;
};

export type Priority = "critical" | "standard" | "low";
export type AgentTier = "primary" | "sub-agent";
export type TrackStatus = "pending" | "ready" | "running" | "paused" | "completed" | "failed" | "stopped";
/**
 * Who paused a track: the governor resumes only its own pauses; a conflict pause and a budget pause (its dollars
 * are spent) wait for the lead.
 */
export type PausedBy = "lead" | "governor" | "conflict" | "budget";
export type ReportStatus = "on-track" | "at-risk" | "blocked";
export type BlockerSeverity = "critical" | "high" | "medium" | "low";

/** A duration estimate; a single value has min = max. */
export type DurationRange = { minMs: number; maxMs: number };

export type AgentSpec = {
  name: string;
  command: string;
  subAgents: number;
  /** How its output is read (declared, or recognised from the command); absent in plans stored before it existed. */
  kind?: AgentKind;
  /** Command resuming its last session, with {session}; null: restart from scratch. */
  resume?: string | null;
};

/** One track of a plan, normalised (sizes in bytes, durations in ms). */
export type TrackPlan = {
  key: string;
  name: string;
  priority: Priority;
  tier: AgentTier;
  /** RAM estimate in bytes; null when the plan gives none (admitted on observed use). */
  ramBytes: number | null;
  duration: DurationRange | null;
  /** Growth shape: memory reaches ramBytes by rampToPercent % of the duration; absent or null = from the start. */
  ramProfile?: { rampToPercent: number } | null;
  model: { local: string | null; cloud: string | null };
  dependsOn: string[];
  /** Path globs: the track's scope contract. */
  scope: string[];
  workdir: string;
  env: Record<string, string>;
  /** The track's own test command, run as its quality gate. */
  test: string | null;
  agents: AgentSpec[];
  /** Demand on extra renewable resources declared by the plan (e.g. gpuGB). */
  resources: Record<string, number>;
  /** CPU niceness of the agents (0–19): agents yield the CPU to the dashboard and the governor. */
  nice: number;
  /** Dollar budget of the track; null/absent: none. */
  maxCostUsd?: number | null;
  /** Minutes without output before the track needs the lead (the plan's default applied); null/absent: off. */
  idleMinutes?: number | null;
  /** Environment variables the agents need (checked before start, never shown). */
  requiresEnv?: string[];
  /** Works in its own git worktree (the plan has a repo and the track did not opt out); absent on older plans. */
  worktree?: boolean;
  /** Where its agents run (issue 16); absent on older plans: local. */
  executor?: TrackExecutorSpec;
};

/** Where a track's agents run: this machine, or one Slurm job per attempt with these sbatch settings. */
export type TrackExecutorSpec =
  | { kind: "local" }
  | { kind: "slurm"; partition: string | null; account: string | null; extraArgs: string[] };

export type RamPolicy = {
  /** "auto" = the machine view drives the zone; a number = bytes Paratrack's agents may use. */
  budget: "auto" | number;
  zones: ZoneThresholds;
  /** Admission line in percent: start tracks only while projected use stays below it. */
  admitBelow: number;
  graceSeconds: number;
  settleSeconds: number;
  /** How long the first queued track may wait for memory while smaller ones start past it; 0 = strict order. */
  backfillSeconds: number;
  /** Order in which the governor picks tracks to pause or requeue; null = its default. */
  victimOrder: ("priority" | "tier" | "progress" | "youngest" | "memory")[] | null;
};

export type Plan = {
  name: string;
  ram: RamPolicy;
  /** Concurrency limit; null = the RAM tier's default. */
  maxConcurrent: number | null;
  /** Capacities of extra renewable resources (same names as TrackPlan.resources). */
  resources: Record<string, number>;
  workdir: string;
  tracks: TrackPlan[];
  /** Dollar budget of the whole run; null/absent: none. */
  maxCostUsd?: number | null;
  /** Dollars per million tokens by model, for agents that report tokens only. */
  prices?: PriceTable;
  /** Where to tell the lead a track needs them; the webhook URL may hold a secret: do not show it. */
  notify?: { webhook: string | null };
  /** Git coordination; null or absent (plans stored before it) = none. */
  repo?: PlanRepo | null;
  handoffs?: PlanHandoff[];
  integration?: PlanIntegration | null;
  /** When the daily status documents are written ("HH:MM", server time); absent on plans stored before it. */
  status?: { at: string };
};

/** The plan's git repository (absolute path) and the base its track branches start from (null = its HEAD). */
export type PlanRepo = { path: string; base: string | null };
/** Phase 4: when `from` completes and passes its gate, files matching `artifacts` go to `to`. */
export type PlanHandoff = {
  from: string;
  to: string;
  artifacts: string[];
  /** "auto" (absent on older plans): acknowledged when the receiver's agent starts; "lead": the receiver waits for it. */
  acknowledge?: "auto" | "lead";
};
/** Phase 5: the test run on the integration branch, and that branch's name (null = paratrack/<run>/integration). */
export type PlanIntegration = { test: string | null; branch: string | null };

export type BlockerReport = { blocker: string; severity: BlockerSeverity; resolutionPlan: string | null };

/** The seed's daily status update, as an agent reports it. All fields but the track are optional. */
export type ProgressReport = {
  date?: string;
  track: string;
  agent?: string;
  status?: ReportStatus;
  progressPercent?: number;
  completedToday?: string[];
  plannedTomorrow?: string[];
  blockers?: BlockerReport[];
  /** Lessons learned (not a daily status field: they go into the track's handoff documents). */
  lessons?: string[];
  resourceUsage?: {
    ramGb?: number;
    model?: string;
    durationHours?: number;
    /** All tokens used (input, cached, output). */
    tokens?: number;
    costUsd?: number;
  };
};
