// What the API and the socket send to the browser. Defined once; the server builds them, the client reads them.
import type { AgentKind, TokenUsage } from "./agents/agent-signals";
import type { AttentionReason } from "./agents/attention";
import type { BudgetLevel } from "./agents/budget";
import type { TrackGitView } from "./coordination/coordination-views";
import type { QueueOrdering, WaitKind } from "./governor/governor-types";
import type { ModelShare } from "./governor/model-memory";
import type { AttemptEnding } from "./reporting/attempt-ending";
import type {
  AgentTier,
  MemorySample,
  PausedBy,
  Priority,
  ProgressReport,
  PtEvent,
  ReportStatus,
  TrackStatus,
  Zone,
} from "./types";

export type ProcessView = { pid: number; ppid: number; command: string; state: string; memoryBytes: number };

/** How memory was counted: PSS, RSS (shared pages in full), or both across a process tree. */
export type MemoryMethod = "pss" | "rss" | "mixed";

/** An agent that has not ended: running, or paused (its processes stopped: SIGSTOP, or its Slurm job suspended). */
export type AgentLiveState = "running" | "paused";

export type AgentView = {
  id: string;
  name: string;
  attempt: number;
  command: string;
  /** "resume": started with the agent's resume command and its session; "start": with its own command. */
  mode: "start" | "resume";
  pid: number | null;
  /** The attempt's log file (timestamped lines). */
  logPath: string;
  /** Why the agent was lost without an exit status (it vanished while no server ran); null otherwise. */
  interrupted: string | null;
  startedAt: string;
  endedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  /** The lead or the governor ended its attempt on purpose (stop, requeue, restart, …); null: it ended otherwise. */
  attemptEnding: AttemptEnding | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: MemoryMethod | null;
  /** Whether it runs or is paused; null once it has ended. Stored by the owner, so a viewer knows it too. */
  state: AgentLiveState | null;
  processes: ProcessView[];
  /**
   * False when this server cannot list the agent's processes (they run on the engine's machine: a viewer, or an
   * agent no server here watches); `processes` is then empty and `processesNote` says where they are listed.
   */
  processesVisible: boolean;
  processesNote: string | null;
  /** How its output was read; null for agents stored before adapters existed. */
  kind: AgentKind | null;
  tokens: TokenUsage | null;
  /** Dollars of this agent process; null: unknown (tokens without a price) or nothing reported. */
  costUsd: number | null;
  turns: number | null;
  /** The agent's verdict ("success", "error_max_turns"…), when it gave one. */
  result: string | null;
  /** The latest session id it printed (a resume template's {session}). */
  sessionId: string | null;
};

/** Tokens and dollars of a track (every attempt) or a run, with its dollar budget. */
export type UsageView = {
  /** null: no agent reported tokens. */
  tokens: TokenUsage | null;
  /** Known dollars; null when no agent reported any usage. */
  costUsd: number | null;
  /** Agent attempts whose cost is unknown (tokens without a price): costUsd is then a lower bound. */
  unknownCostParts: number;
  maxCostUsd: number | null;
  budgetLevel: BudgetLevel;
};

/** The track needs the lead: one of its agents waits for input, or has printed nothing for idleMinutes. */
export type AttentionView = {
  reason: AttentionReason;
  message: string;
  /** ISO time it was raised. */
  since: string;
  agent: string;
  /** Stays until the lead acknowledges it (the agent went on without an answer). */
  sticky: boolean;
};

/** A track's share of the local models (Ollama) it uses that are loaded now. */
export type ModelMemoryView = { ramBytes: number; models: ModelShare[] };

export type TrackView = {
  runId: string;
  key: string;
  name: string;
  position: number;
  priority: Priority;
  tier: AgentTier;
  status: TrackStatus;
  pausedBy: PausedBy | null;
  pauseReason: string | null;
  progress: number;
  /**
   * The progress the current attempt started from: 0 when it started over, what earlier attempts made when it
   * resumed their sessions; null when not known (a stored run, or one taken over after a restart).
   */
  progressAtAttemptStart: number | null;
  reportStatus: ReportStatus | null;
  model: { local: string | null; cloud: string | null };
  modelInForce: string | null;
  estimateBytes: number | null;
  duration: { minMs: number; maxMs: number } | null;
  dependsOn: string[];
  scope: string[];
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: "pss" | "rss" | "mixed" | null;
  exitSummary: string | null;
  /** "cancelled": ended by a shutdown or Ctrl-C before it could pass or fail. */
  testStatus: "passed" | "failed" | "running" | "skipped" | "cancelled" | null;
  /** Why the track waits, when it is ready but not started (the governor's admission queue). */
  waitReason: string | null;
  /**
   * What it waits for, as a category: the governor's queue for a ready track (memory projection, slot, backfill
   * hold, learning, order, closed admission), "dependency" for a pending one; null when it does not wait.
   */
  waitKind: WaitKind | null;
  blockers: { blocker: string; severity: string }[];
  /** What an agent says it is doing now (its adapter's activity line); null before any. */
  activity: string | null;
  usage: UsageView;
  /** null when no agent needs the lead. */
  attention: AttentionView | null;
  /** null when it uses no loaded local model (or the model server is off). */
  modelMemory: ModelMemoryView | null;
  /** Why it is not started again (its or the run's budget is spent), until the lead raises the budget or resumes it. */
  budgetHold: string | null;
  /** The track's git worktree and what it changed (plans with repo); absent or null without one. */
  git?: TrackGitView | null;
  /** Its current Slurm job (executor: slurm); absent or null for local tracks and before the first submission. */
  slurm?: SlurmJobView | null;
};

/** A track's Slurm job as the dashboard shows it: id, Slurm's state word, where it runs. */
export type SlurmJobView = {
  jobId: string;
  /** Slurm's state (PENDING, RUNNING, SUSPENDED, OUT_OF_MEMORY …). */
  state: string;
  /** Node list; null while pending. */
  nodes: string | null;
  /** Memory reserved with --mem, bytes; null when Slurm's default applies. */
  memBytes: number | null;
};

export type TrackDetailView = TrackView & {
  agents: AgentView[];
  reports: { at: string; source: string; report: ProgressReport }[];
  events: PtEvent[];
};

export type RunStatus = "running" | "completed" | "failed" | "stopped";

export type RunView = {
  id: string;
  name: string;
  status: RunStatus;
  phase: number;
  startedAt: string;
  endedAt: string | null;
  budgetBytes: number | null;
  trackCount: number;
};

/** What deleting an ended run removed: its records and this many bytes of its agents' logs (folders left: could not). */
export type DeletedRunView = {
  runId: string;
  name: string;
  tracks: number;
  logBytes: number;
  logsLeft: string[];
};

export type GovernorView = {
  enabled: boolean;
  zone: Zone;
  /** The percentages where Yellow, Orange and Red begin: what the zone is classified by (the plan's, else the server's). */
  zoneLines: { yellow: number; orange: number; red: number };
  sampleIntervalMs: number;
  queue: { trackKey: string; waitsFor: WaitKind; reason: string }[];
  /**
   * How the queue was ordered at the last pass: first-fit, or the planner's order when it finishes sooner. The
   * projected finishes are ms from that pass; null where never (a track that would never fit) or none was judged.
   */
  ordering: {
    method: QueueOrdering["method"];
    source: QueueOrdering["source"];
    firstFitFinishMs: number | null;
    replannedFinishMs: number | null;
  } | null;
  /** How many tracks may run at once (the plan's maxConcurrent, else the RAM tier's); what manual mode admits. */
  maxConcurrent?: number;
  /** What limits how many tracks run at once now (absent before the governor's first pass). */
  concurrency?: ConcurrencyView;
  /** The Slurm cluster, for runs with Slurm tracks (absent otherwise). */
  cluster?: ClusterView;
};

/**
 * What limits how many tracks run at once: the plan's maxConcurrent, the RAM tier's default (some track's size is
 * not known yet), or memory alone (every track has an estimate or a learned profile; limit null).
 */
export type ConcurrencyView = {
  limit: number | null;
  decidedBy: "plan" | "tier" | "memory";
  /** The RAM tier's number: the default for plans without maxConcurrent. */
  tierLimit: number;
  tierLabel: string;
};

/** One Slurm node as the cluster governor last read it (`scontrol show node`). */
export type ClusterNodeView = {
  name: string;
  /** Base state and flags as Slurm names them: "IDLE" with ["DRAIN"], "MIXED", "DOWN" with ["NOT_RESPONDING"]. */
  state: string;
  flags: string[];
  /** False when drained, draining, down or not responding: no new job starts there. */
  available: boolean;
  /** Why it is drained or down, as the admin or Slurm wrote it. */
  reason: string | null;
  /** What Slurm schedules against (RealMemory). */
  realMemoryBytes: number;
  /** Reserved by jobs' --mem (AllocMem), suspended jobs included. */
  allocatedBytes: number;
  /** What the node's OS uses (RealMemory − FreeMem, reported every minute or two); null when Slurm does not say. */
  usedBytes: number | null;
  /** What the run's jobs there measure now (sstat; a job on several nodes counts a share on each). */
  jobsBytes: number;
  /** The share of RealMemory in use that sets the zone: the OS's use, or the jobs' when higher (FreeMem lags). */
  usedPercent: number | null;
  /** The node's zone, from usedPercent (null: unavailable, or no FreeMem). */
  zone: Zone | null;
  /** The run's tracks whose jobs run there. */
  trackKeys: string[];
};

/** The Slurm cluster: its nodes, and sums over the nodes that take work. */
export type ClusterView = {
  at: string;
  nodes: ClusterNodeView[];
  availableNodes: number;
  capacityBytes: number;
  allocatedBytes: number;
  usedBytes: number | null;
  /** Why the nodes could not be read at the last pass (munge down, slurmctld unreachable); null when they were. */
  error: string | null;
};

export type TrackMemoryPoint = { at: string; tracks: Record<string, number> };

export type LogLine = {
  trackKey: string;
  agent: string;
  stream: "stdout" | "stderr" | "system";
  line: string;
  at: string;
};

export type ApiError = { error: string; details?: unknown };

export type { MemorySample, PtEvent };
