"use client";
import { type QueryClient, useQuery } from "@tanstack/react-query";
import type { GanttView } from "@/lib/domain/reporting/gantt";
import { downsampleMemory } from "@/lib/domain/reporting/gantt-ram";
import type { TrackMemoryPoint } from "@/lib/domain/views";
import { fetchJson } from "./fetch-json";
import type { QuerySync } from "./push";
import { queryKeys } from "./query-keys";

/** Live memory points appended between refetches before the band is thinned back to GANTT_BAND_POINTS. */
const GANTT_BAND_MAX_POINTS = 1200;
const GANTT_BAND_POINTS = 600;
/** Track pushes arrive every few seconds per running track; one refetch per window is plenty. */
export const GANTT_REFETCH_GAP_MS = 2000;

/** "no run has started yet" is an answer, not a failure worth retrying. */
export const retryUnlessNoRun = (count: number, error: Error) => count < 1 && !/no run/.test(error.message);

/** A run's plan-versus-actual Gantt; kept live by the realtime sync (no polling). */
export function useGanttQuery(runId = "current") {
  return useQuery({
    queryKey: queryKeys.gantt(runId),
    queryFn: () =>
      fetchJson<GanttView>(`/api/runs/${encodeURIComponent(runId)}/gantt`, { contract: "runGantt" }),
    retry: retryUnlessNoRun,
  });
}

/** Appends a pushed per-track memory point to the live run's Gantt band (bounded, peaks kept). */
export function applyGanttMemoryPoint(client: QueryClient, point: TrackMemoryPoint) {
  client.setQueryData<GanttView>(queryKeys.gantt(), (old) => {
    if (old === undefined || old.run.status !== "running") return old;
    const memory = [...old.memory, point];
    return {
      ...old,
      memory: memory.length > GANTT_BAND_MAX_POINTS ? downsampleMemory(memory, GANTT_BAND_POINTS) : memory,
    };
  });
}

export const ganttSync: QuerySync = {
  refetch: { keys: [queryKeys.ganttAll()], gapMs: GANTT_REFETCH_GAP_MS },
  push: {
    "track:updated": ({ refetchSoon }) => refetchSoon(),
    "run:updated": ({ refetchSoon }) => refetchSoon(),
    "event:created": ({ refetchSoon }, event) => {
      if (event.kind === "phase:advanced") refetchSoon();
    },
    "tracks:memory": ({ client }, point) => applyGanttMemoryPoint(client, point),
  },
};
