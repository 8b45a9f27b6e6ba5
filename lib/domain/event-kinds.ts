// The events the engine records, by kind, with the details each one carries (trigger.dev's EventBusEvents):
// writers are checked against this map and readers use its fields without re-checking them. Pure types, so
// the server, the readers and the browser can all import it.
import type { ConflictResolution, ScopeConflict } from "./coordination/conflicts";
import type { ConflictRuling, IntegrationState, StatusTrigger } from "./coordination/coordination-views";
import type { GovernorActionKind } from "./governor/governor-types";
import type { GateItemStatus } from "./phases/gates";
import type { PhaseNumber } from "./phases/phases";
import type { Actor, BlockerReport, BlockerSeverity, PtEvent, Severity, Zone, ZoneSource } from "./types";
import type { RunStatus } from "./views";

/** Where a progress report came from. */
export type ReportSource = "stdout" | "api" | "cli";

/**
 * Who made it: the track's agent (its output, or the API with its track's report-only token) or the lead (the
 * dashboard's form, the lead's token). Only an agent's progress is a pace the governor projects its end from.
 */
export type Reporter = "agent" | "lead";

/** How one agent process ended (lib/agents' AgentExit, as stored). */
export type AgentExitDetails = {
  code: number | null;
  signal: string | null;
  error: string | null;
  message: string;
};

/** What a SIGSTOP/SIGCONT of a track's process trees did, as /proc showed it afterwards. */
export type SignalDetails = {
  pids: number[];
  unchanged: { pid: number; state: string }[];
  errors: { pid: number; code: string }[];
  reason: string;
};

/** The sample a governor decision was taken on, and the decision. */
export type GovernorDecisionDetails = {
  zone: Zone;
  usedPercent: number;
  action: GovernorActionKind;
  reason: string;
};

export type GateTickDetails = {
  phase: PhaseNumber;
  itemKey: string;
  checked: boolean;
  note: string | null;
  by: string;
};

/** Where a spend stands against its budget when the event was recorded. */
export type BudgetEventDetails = {
  scope: "track" | "run";
  spentUsd: number;
  maxCostUsd: number | null;
  unknownParts: number;
  reason: string;
};

/** A conflict from real changes, as its events carry it. */
export type ConflictEventDetails = {
  id: number;
  key: string;
  kind: string;
  trackKeys: string[];
  files: string[];
  recommendation: { option: string; reason: string } | null;
};

export type BlockerEventDetails = BlockerReport & { number: number; source: string };

export type HandoffEventDetails = {
  from: string;
  to: string;
  artifacts: { path: string; sha256: string }[];
  reason: string | null;
};

export type EventDetails = {
  "run:started": { warnings: string[]; planPath: string | null };
  "run:ended": { status: Exclude<RunStatus, "running">; reason: string | null };
  /** The lead deleted an ended run: its rows and its agents' logs (the event itself belongs to no run). */
  "run:deleted": { runId: string; name: string; tracks: number; logBytes: number; logsLeft: string[] };
  "plan:warning": { path: string; line: number };
  /** modes: per agent, whether it was started with its own command or resumed its session (absent before durable runs). */
  "track:started": {
    attempt: number;
    pids: (number | null)[];
    reason: string;
    modes?: ("start" | "resume")[];
  };
  /** An agent vanished without an exit status while no server watched it: the track is queued again. */
  "track:interrupted": { attempt: number; reason: string };
  "track:completed": { attempt: number; exits: (AgentExitDetails | null)[] };
  "track:failed": { attempt: number; exits: (AgentExitDetails | null)[] };
  "track:paused": SignalDetails;
  "track:resumed": SignalDetails;
  "track:stopping": { graceMs: number };
  "track:stopped": { reason: string };
  "track:blocker": BlockerReport & { source: ReportSource };
  "track:test": { command: string; exitCode: number | null; durationMs: number; cancelled: boolean };
  /** What a gate the server's death cut off had left running, ended before it runs again (killed: after the grace). */
  "track:test-orphans": { pids: number[]; killed: number[] };
  "agent:exited": {
    code: number | null;
    signal: string | null;
    error: string | null;
    attempt: number;
  };
  "signal:failed": Pick<SignalDetails, "unchanged" | "errors">;
  "conflict:detected": { conflict: ScopeConflict; resolution: ConflictResolution | null };
  "governor:alert": GovernorDecisionDetails;
  "governor:start": GovernorDecisionDetails;
  "governor:pause": GovernorDecisionDetails;
  "governor:resume": GovernorDecisionDetails;
  "governor:stop-requeue": GovernorDecisionDetails;
  "governor:swap-model": GovernorDecisionDetails & { toModel: string };
  "governor:enabled": { enabled: true };
  "governor:disabled": { enabled: false };
  "zone:changed": { from: Zone | null; to: Zone; usedPercent: number; source: ZoneSource };
  "gate:ticked": GateTickDetails;
  "gate:unticked": GateTickDetails;
  "phase:advanced": {
    from: PhaseNumber;
    /** null when phase 5's gate closed the workflow. */
    to: PhaseNumber | null;
    override: string | null;
    blocking: { key: string; status: GateItemStatus }[];
    by: string;
  };
  "retro:saved": { entries: number };
  /** A track's or the run's dollar budget reached 80 % (alert) or 100 % (exceeded: its running tracks paused). */
  "budget:alert": BudgetEventDetails;
  "budget:exceeded": BudgetEventDetails & { pausedTracks: string[] };
  /** The lead changed a track's or the run's maxCostUsd while it ran. */
  "budget:changed": { scope: "track" | "run"; maxCostUsd: number | null; previous: number | null };
  /** An agent waits for the lead (a prompt, a denied permission, a question) or has gone quiet. */
  "attention:raised": { agent: string; reason: string; message: string; notified: boolean };
  "attention:acknowledged": { reasons: string[] };
  /** The plan's webhook did not take a notice (the URL is never recorded: it may hold a secret). */
  "notify:failed": { error: string; status: number | null };
  /** Lines of an agent's output its adapter could not read (malformed JSON, unknown event types), counted. */
  "agent:unparsed": {
    agent: string;
    attempt: number;
    lines: number;
    malformedLines: number;
    invalidDirectives: number;
    unknownEvents: Record<string, number>;
  };
  /** The local model server (Ollama) could not be reached: model memory and unloading are off until it answers. */
  "models:unavailable": { baseUrl: string; error: string };
  "models:available": { baseUrl: string; loaded: number };
  /** Local models unloaded (keep_alive 0) because no running track needs them any more. */
  "models:unloaded": { models: string[]; failed: string[]; reason: string };
  /** The pre-flight checks before a run: failures block the start unless the lead overrides them with a reason. */
  "preflight:checked": {
    ok: boolean;
    failures: { check: string; track: string | null; severity: string; message: string }[];
    override: string | null;
  };
  // Coordination (issue 13): the repository, worktrees, conflicts from real changes, blockers, handoffs, phase 5.
  "git:problem": { problem: string; trackKey: string | null };
  "git:worktree": { path: string; branch: string; baseCommit: string; created: boolean };
  "conflict:raised": ConflictEventDetails;
  "conflict:grown": ConflictEventDetails & { newFiles: string[] };
  "conflict:cleared": ConflictEventDetails;
  "conflict:resolved": ConflictEventDetails & { ruling: ConflictRuling | null };
  "conflict:hold-released": ConflictEventDetails & { released: string[] };
  /** An open conflict's recommendation changed on the same files (a ruling moved a scope, a track ended). */
  "conflict:advice-changed": ConflictEventDetails;
  "blocker:raised": BlockerEventDetails;
  "blocker:updated": BlockerEventDetails;
  "blocker:resolved": BlockerEventDetails;
  /**
   * A track's room for blockers of one severity was full: new ones were not kept. Said once until it has room
   * again; `dropped` counts those of the report that filled it, not the later ones.
   */
  "blocker:dropped": { severity: BlockerSeverity; dropped: number; limit: number };
  "handoff:delivered": HandoffEventDetails;
  "handoff:acknowledged": HandoffEventDetails;
  "handoff:skipped": HandoffEventDetails;
  /** restartOf: the integration the server's death cut off, which this one runs again by itself (absent: the lead's). */
  "integration:started": { branch: string; order: string[]; restartOf?: number };
  /** An integration the server's death cut off is not started again by itself (why), and waits for the lead. */
  "integration:not-restarted": { branch: string; reason: string };
  /** What an integration the server's death cut off had left running, ended before it runs again. */
  "integration:test-orphans": { branch: string; pids: number[]; killed: number[] };
  "integration:finished": {
    branch: string;
    state: IntegrationState;
    stoppedAt: string | null;
    files: string[];
  };
  "status:generated": { date: string; tracks: string[]; trigger: StatusTrigger };
  /** Work of the engine that nobody awaited failed (e.g. stopping a track for the governor). */
  "engine:error": { operation: string; error: string };
  /** A server started on a run that was still running and took its agents over again. */
  "run:reattached": {
    reattached: number;
    endedWhileDown: number;
    interrupted: number;
    downSince: string | null;
    /** How long taking the agents over took, from reading the run to the last adoption. */
    durationMs?: number;
  };
  /** The server left while the run's agents went on (they are re-attached at the next start). */
  "run:detached": { agents: number; reason: string };
  /** Something about an agent's log file: truncated, lines lost to rotation, missing. */
  "agent:log": { agent: string; notice: string };
  /** Processes of an agent stored as ended, found still running at the next start and ended. */
  "agent:orphans": { agent: string; attempt: number; pids: number[]; killed: number[] };
  /** The database stopped answering: the run goes on in memory, its writes wait in order (lib/db/write-behind). */
  "db:unavailable": { error: string };
  /** The database answers again and the writes that waited were made (dropped: samples past the queue's bound). */
  "db:restored": { downMs: number; written: number; dropped: number; failed: number };
  /** A Slurm node stopped taking work (drained, down, not responding), with the run's tracks whose jobs run there. */
  "cluster:node-unavailable": { node: string; state: string; reason: string | null; tracks: string[] };
  "cluster:node-available": { node: string; state: string };
  /** Slurm's nodes cannot be read (munge down, slurmctld unreachable): Red on a node goes unseen until they can. */
  "cluster:unreachable": { error: string };
  "cluster:reachable": { nodes: number };
};

export type EventKind = keyof EventDetails;

/** Everything of an event but its kind and details, as a writer gives it. */
export type EventHeader = {
  severity: Severity;
  message: string;
  actor: Actor;
  runId: string | null;
  trackKey: string | null;
  /** ISO time; now by default. */
  at?: string;
};

/** A stored event whose details are those of its kind; `kind` narrows it. */
export type TypedEvent<K extends EventKind = EventKind> = {
  [P in K]: Omit<PtEvent, "kind" | "details"> & { kind: P; details: EventDetails[P] };
}[K];

/** An event about to be recorded. */
export type NewTypedEvent<K extends EventKind = EventKind> = {
  [P in K]: EventHeader & { kind: P; details: EventDetails[P] };
}[K];

const EVENT_KINDS: Record<EventKind, true> = {
  "run:started": true,
  "run:ended": true,
  "run:deleted": true,
  "plan:warning": true,
  "track:started": true,
  "track:completed": true,
  "track:failed": true,
  "track:paused": true,
  "track:resumed": true,
  "track:stopping": true,
  "track:stopped": true,
  "track:blocker": true,
  "track:test": true,
  "track:test-orphans": true,
  "agent:exited": true,
  "signal:failed": true,
  "conflict:detected": true,
  "governor:alert": true,
  "governor:start": true,
  "governor:pause": true,
  "governor:resume": true,
  "governor:stop-requeue": true,
  "governor:swap-model": true,
  "governor:enabled": true,
  "governor:disabled": true,
  "zone:changed": true,
  "gate:ticked": true,
  "gate:unticked": true,
  "phase:advanced": true,
  "retro:saved": true,
  "budget:alert": true,
  "budget:exceeded": true,
  "budget:changed": true,
  "attention:raised": true,
  "attention:acknowledged": true,
  "notify:failed": true,
  "agent:unparsed": true,
  "models:unavailable": true,
  "models:available": true,
  "models:unloaded": true,
  "preflight:checked": true,
  "git:problem": true,
  "git:worktree": true,
  "conflict:raised": true,
  "conflict:grown": true,
  "conflict:cleared": true,
  "conflict:resolved": true,
  "conflict:hold-released": true,
  "conflict:advice-changed": true,
  "blocker:raised": true,
  "blocker:updated": true,
  "blocker:resolved": true,
  "blocker:dropped": true,
  "handoff:delivered": true,
  "handoff:acknowledged": true,
  "handoff:skipped": true,
  "integration:started": true,
  "integration:not-restarted": true,
  "integration:test-orphans": true,
  "integration:finished": true,
  "status:generated": true,
  "engine:error": true,
  "track:interrupted": true,
  "run:reattached": true,
  "run:detached": true,
  "agent:log": true,
  "agent:orphans": true,
  "db:unavailable": true,
  "db:restored": true,
  "cluster:node-unavailable": true,
  "cluster:node-available": true,
  "cluster:unreachable": true,
  "cluster:reachable": true,
};

/** Every kind, in the order above. */
export const ALL_EVENT_KINDS = Object.keys(EVENT_KINDS) as EventKind[];

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENT_KINDS, kind);
}

/** The governor's decisions as event kinds ("governor:pause"), with the decision they record. */
export type GovernorDecisionKind = `governor:${GovernorActionKind}`;

export function isGovernorDecision(event: TypedEvent): event is TypedEvent<GovernorDecisionKind> {
  return (
    event.kind.startsWith("governor:") &&
    event.kind !== "governor:enabled" &&
    event.kind !== "governor:disabled"
  );
}
