"use client";
import type { RunView, TrackView } from "@/lib/domain/views";
import { useRunsQuery } from "../data/use-runs-query";
import { useTracksQuery } from "../data/use-tracks-query";

/** The run the current tracks belong to (the live run, else the newest), once both lists have loaded. */
export function useCurrentRun(): { run: RunView | undefined; tracks: TrackView[] | undefined } {
  const tracks = useTracksQuery();
  const runs = useRunsQuery();
  const runId = tracks.data?.[0]?.runId;
  const run = runId === undefined ? undefined : runs.data?.find((r) => r.id === runId);
  return { run, tracks: tracks.data };
}

/** The id of the run the current tracks belong to: undefined until they have loaded, null when no run exists. */
export function useCurrentRunId(): string | null | undefined {
  const tracks = useTracksQuery();
  if (tracks.data === undefined) return undefined;
  return tracks.data[0]?.runId ?? null;
}
