"use client";
import { useMemo } from "react";
import { bandsFor, DEFAULT_BANDS, type ZoneBand } from "../common/zone-style";
import { useGovernorQuery } from "./use-governor-query";

/**
 * The zone bands the gauges and the timeline draw: the lines the server classifies memory by (the run's plan's
 * `ram.zones`, else the server's), from the governor's view; the seed's 60/75/85 until it has loaded.
 */
export function useZoneBands(): ZoneBand[] {
  const lines = useGovernorQuery().data?.zoneLines;
  const { yellow, orange, red } = lines ?? { yellow: null, orange: null, red: null };
  return useMemo(
    () =>
      yellow === null || orange === null || red === null ? DEFAULT_BANDS : bandsFor({ yellow, orange, red }),
    [yellow, orange, red],
  );
}
