// One key factory for every server-state query, so the realtime sync can target them.
export const queryKeys = {
  all: ["paratrack"] as const,
  memoryLatest: () => [...queryKeys.all, "memory", "latest"] as const,
  memoryHistory: () => [...queryKeys.all, "memory", "history"] as const,
  eventsAll: () => [...queryKeys.all, "events"] as const,
  /** A run's latest events (null: before any run, the events that belong to none). */
  events: (runId: string | null) => [...queryKeys.eventsAll(), "run", runId] as const,
  tracks: () => [...queryKeys.all, "tracks"] as const,
  track: (key: string) => [...queryKeys.all, "tracks", key] as const,
  /** Per-track memory over the chart window (its own key: a track may be called "memory"). */
  trackMemory: () => [...queryKeys.all, "track-memory"] as const,
  runs: () => [...queryKeys.all, "runs"] as const,
  governor: () => [...queryKeys.all, "governor"] as const,
  /** A run's governor decisions: its events whose kind starts with "governor:". */
  decisions: (runId: string | null) => [...queryKeys.eventsAll(), "decisions", runId] as const,
  ganttAll: () => [...queryKeys.all, "gantt"] as const,
  /** A run's plan-versus-actual Gantt ("current" = the live run, else the newest). */
  gantt: (runId = "current") => [...queryKeys.ganttAll(), runId] as const,
  phasesAll: () => [...queryKeys.all, "phases"] as const,
  /** A run's phase gates ("current" = the live run, else the newest). */
  phases: (runId = "current") => [...queryKeys.phasesAll(), runId] as const,
  metricsAll: () => [...queryKeys.all, "metrics"] as const,
  /** A run's success metrics. */
  metrics: (runId = "current") => [...queryKeys.metricsAll(), runId] as const,
  retrospectiveAll: () => [...queryKeys.all, "retrospective"] as const,
  /** A run's retrospective: metrics, planned vs actual, decisions, pauses, the lead's entries. */
  retrospective: (runId = "current") => [...queryKeys.retrospectiveAll(), runId] as const,
  /** Coordination of a run (issue 13): conflicts, blockers, handoffs, daily statuses, integration. */
  coordination: () => [...queryKeys.all, "coordination"] as const,
  conflicts: (runId = "current") => [...queryKeys.coordination(), "conflicts", runId] as const,
  blockers: (runId = "current") => [...queryKeys.coordination(), "blockers", runId] as const,
  handoffs: (runId = "current") => [...queryKeys.coordination(), "handoffs", runId] as const,
  statusDays: (runId = "current") => [...queryKeys.coordination(), "status", runId] as const,
  /** A track's daily status of today as it would be written now (the live run's, else its newest stored one). */
  trackStatusAll: () => [...queryKeys.coordination(), "track-status"] as const,
  trackStatus: (key: string) => [...queryKeys.trackStatusAll(), key] as const,
  integration: (runId = "current") => [...queryKeys.coordination(), "integration", runId] as const,
};
