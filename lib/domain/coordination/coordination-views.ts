// What the API and the socket send about coordination (issue 13): conflicts with the seed's protocol, handoffs,
// daily statuses, the integration phase and each track's git state. Types only; the server builds them.

import type { Severity } from "../types";
import type { BlockerEntry } from "./blockers";
import type {
  ChangeConflictKind,
  ConflictFileEvidence,
  ConflictRecommendation,
  ScopeChange,
} from "./change-conflict-types";
import type { LeadResolution } from "./conflict-lifecycle";
import type { DailyStatusDocument } from "./daily-status";
import type { HandoffArtifact } from "./handoffs";
import type { IntegrationOrderEntry } from "./integration-order";
import type { IntegrationResult } from "./integration-report";

/** Where a conflict stands: waiting for the lead, ruled on, dismissed, or gone by itself (changes reverted). */
export type ConflictState = "open" | "resolved" | "dismissed" | "cleared";

/** What the lead chose and what it set in motion. */
export type ConflictRuling = {
  choice: LeadResolution;
  resumed: string[];
  /** Kept paused until their branches no longer conflict (they rebased or reverted). */
  held: string[];
  scopeChanges: ScopeChange[];
  summary: string;
};

/** One conflict on record: from ::touch lines ("touch") or from the tracks' real changes ("git"). */
export type ConflictRecord = {
  id: number;
  runId: string;
  at: string;
  source: "touch" | "git";
  /** "predicted-conflict:A+B", "overlap:A+B", "scope-violation:A"; null for ::touch conflicts. */
  key: string | null;
  kind: ChangeConflictKind | "out-of-scope" | "overlapping-work";
  severity: Severity;
  trackKeys: string[];
  files: string[];
  message: string;
  state: ConflictState;
  evidence: { files: ConflictFileEvidence[]; scopes: Record<string, string[]> } | null;
  recommendation: ConflictRecommendation | null;
  /** One line: what was done (the lead's ruling, the ::touch system's decision, or why it cleared). */
  resolution: string | null;
  ruling: ConflictRuling | null;
  /** Tracks still held until they rebase. */
  held: string[];
  resolvedAt: string | null;
  resolvedBy: string | null;
  updatedAt: string | null;
};

export type HandoffState = "pending" | "delivered" | "acknowledged" | "skipped" | "failed";

/** A plan handoff as it stands in a run. */
export type HandoffView = {
  runId: string;
  from: string;
  to: string;
  state: HandoffState;
  acknowledge: "auto" | "lead";
  artifacts: HandoffArtifact[];
  unmatchedGlobs: string[];
  /** The handoff document (Markdown) and where it was written in the receiver's worktree. */
  document: string | null;
  documentPath: string | null;
  /** Why it was skipped or failed, or what it waits for. */
  reason: string | null;
  deliveredAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
};

/** What wrote a daily status: the plan's time of day, the lead, or the end of the run (its last day's). */
export const STATUS_TRIGGERS = ["cadence", "demand", "run-end"] as const;
export type StatusTrigger = (typeof STATUS_TRIGGERS)[number];

/** A stored daily status document of one track and day. */
export type DailyStatusView = {
  runId: string;
  trackKey: string;
  date: string;
  trigger: StatusTrigger;
  generatedAt: string;
  document: DailyStatusDocument;
};

/** The days with stored documents, newest first. */
export type DailyStatusDay = {
  /** The server's calendar day: its documents cover midnight to midnight there, and `status.at` is its clock. */
  date: string;
  /** The server's zone on that day, in minutes east of UTC, so a browser elsewhere can say which zone the day is in. */
  utcOffsetMinutes: number;
  documents: DailyStatusView[];
};

export type IntegrationState = "running" | "passed" | "failed" | "conflict" | "error";

/** Phase 5 as it stands: the latest integration of the run's branches, its advised order, result and report. */
export type IntegrationView = {
  id: number;
  runId: string;
  state: IntegrationState;
  branch: string;
  worktreePath: string | null;
  startedAt: string;
  endedAt: string | null;
  order: IntegrationOrderEntry[];
  result: IntegrationResult | null;
  error: string | null;
  /** The final validation report (Markdown). */
  report: string | null;
};

/** A track's worktree and what it has changed since its base (shown on its card and page). */
export type TrackGitView = {
  worktree: string;
  branch: string;
  baseCommit: string;
  /** The latest change set's figures; null before the first poll. */
  changes: TrackChangeTotals | null;
  /** The worktree's problem (deleted by hand, wrong branch), when it has one. */
  problem: string | null;
};

export type TrackChangeTotals = {
  files: number;
  added: number;
  removed: number;
  commits: number;
  /** Up to 50 changed paths with their lines, sorted. */
  paths: { path: string; added: number | null; removed: number | null; committed: boolean }[];
  /** ISO time of the reading. */
  at: string;
};

export type { BlockerEntry };
