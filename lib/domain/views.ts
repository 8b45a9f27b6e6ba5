// What the API and the socket send to the browser. Defined once; the server builds them, the client reads them.
import type { TrackGitView } from "./coordination-views";
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

export type AgentView = {
  id: string;
  name: string;
  attempt: number;
  command: string;
  pid: number | null;
  startedAt: string;
  endedAt: string | null;
  exitCode: number | null;
  signal: string | null;
  error: string | null;
  currentBytes: number;
  peakBytes: number;
  memoryMethod: "pss" | "rss" | "mixed" | null;
  processes: ProcessView[];
};

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
  blockers: { blocker: string; severity: string }[];
  /** The track's git worktree and what it changed (plans with repo); absent or null without one. */
  git?: TrackGitView | null;
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

export type GovernorView = {
  enabled: boolean;
  zone: Zone;
  sampleIntervalMs: number;
  queue: { trackKey: string; reason: string }[];
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
