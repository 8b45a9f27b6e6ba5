// The events the engine records, by kind, with the details each one carries (trigger.dev's EventBusEvents):
// writers are checked against this map and readers use its fields without re-checking them. Pure types, so
// the server, the readers and the browser can all import it.
import type { ConflictResolution, ScopeConflict } from "./conflicts";
import type { GateItemStatus } from "./gates";
import type { GovernorActionKind } from "./governor-types";
import type { PhaseNumber } from "./phases";
import type { Actor, BlockerReport, PtEvent, Severity, Zone, ZoneSource } from "./types";
import type { RunStatus } from "./views";

/** Where a progress report came from. */
export type ReportSource = "stdout" | "api" | "cli";

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

export type EventDetails = {
  "run:started": { warnings: string[]; planPath: string | null };
  "run:ended": { status: Exclude<RunStatus, "running">; reason: string | null };
  "plan:warning": { path: string; line: number };
  "track:started": { attempt: number; pids: (number | null)[]; reason: string };
  "track:completed": { attempt: number; exits: (AgentExitDetails | null)[] };
  "track:failed": { attempt: number; exits: (AgentExitDetails | null)[] };
  "track:paused": SignalDetails;
  "track:resumed": SignalDetails;
  "track:stopping": { graceMs: number };
  "track:stopped": { reason: string };
  "track:blocker": BlockerReport & { source: ReportSource };
  "track:test": { command: string; exitCode: number | null; durationMs: number; cancelled: boolean };
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
  /** Work of the engine that nobody awaited failed (e.g. stopping a track for the governor). */
  "engine:error": { operation: string; error: string };
  /** The database stopped answering: the run goes on in memory, its writes wait in order (lib/db/write-behind). */
  "db:unavailable": { error: string };
  /** The database answers again and the writes that waited were made (dropped: samples past the queue's bound). */
  "db:restored": { downMs: number; written: number; dropped: number; failed: number };
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
  "engine:error": true,
  "db:unavailable": true,
  "db:restored": true,
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
