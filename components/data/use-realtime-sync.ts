"use client";
// The socket → React Query wiring: every query module's push handlers, subscribed once for the whole app.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { connectPushes, type QuerySync } from "./push";
import { getSocket } from "./socket";
import { coordinationSync } from "./use-conflicts-query";
import { decisionsSync } from "./use-decisions-query";
import { eventsSync } from "./use-events-query";
import { ganttSync } from "./use-gantt-query";
import { governorSync } from "./use-governor-query";
import { memoryHistorySync } from "./use-memory-history-query";
import { memoryLatestSync } from "./use-memory-latest-query";
import { metricsSync } from "./use-metrics-query";
import { phasesSync } from "./use-phases-query";
import { retrospectiveSync } from "./use-retrospective-query";
import { runsSync } from "./use-runs-query";
import { trackMemorySync } from "./use-track-memory-query";
import { trackSync } from "./use-track-query";
import { trackStatusSync } from "./use-track-status-query";
import { tracksSync } from "./use-tracks-query";

/** Every cached query that pushes keep current; the gauge's first, so a sample reaches it before the rest. */
export const QUERY_SYNCS: readonly QuerySync[] = [
  memoryLatestSync,
  memoryHistorySync,
  eventsSync,
  decisionsSync,
  tracksSync,
  trackSync,
  trackStatusSync,
  trackMemorySync,
  runsSync,
  governorSync,
  ganttSync,
  phasesSync,
  metricsSync,
  retrospectiveSync,
  coordinationSync,
];

/** Samples are appended to bounded buffers, state changes replace or refetch, a reconnect refetches all. */
export function useRealtimeSync() {
  const client = useQueryClient();
  useEffect(() => connectPushes(getSocket(), client, QUERY_SYNCS), [client]);
}
