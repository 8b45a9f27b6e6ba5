"use client";
// The page's one polite live region: a zone change (not every sample) and the server coming back are read out;
// the badges only change colour and words, which a screen reader does not notice.
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import type { MemorySample, Zone } from "@/lib/domain/types";
import { queryKeys } from "../data/query-keys";
import { useConnectionState } from "../data/use-connection-state";
import { useMemoryLatestQuery } from "../data/use-memory-latest-query";
import { reconnectMessage, zoneChangeMessage } from "./announcements";

const selectZone = (sample: MemorySample) => sample.zone;

export function LiveAnnouncer() {
  const client = useQueryClient();
  // The zone only: this re-renders when the zone changes, not on every sample.
  const zone = useMemoryLatestQuery(selectZone).data;
  const connection = useConnectionState();
  const [message, setMessage] = useState("");

  const lastZone = useRef<Zone | undefined>(undefined);
  useEffect(() => {
    if (zone === undefined) return;
    const before = lastZone.current;
    lastZone.current = zone;
    // The figure comes from the sample that brought the zone, read once rather than subscribed to.
    const sample = client.getQueryData<MemorySample>(queryKeys.memoryLatest());
    const text = sample?.zone === zone ? zoneChangeMessage(before, sample) : null;
    if (text) setMessage(text);
  }, [zone, client]);

  const lastConnection = useRef(connection);
  useEffect(() => {
    const text = reconnectMessage(lastConnection.current, connection, Date.now());
    lastConnection.current = connection;
    if (text) setMessage(text);
  }, [connection]);

  return (
    <div role="status" aria-live="polite" aria-atomic="true" className="sr-only" data-testid="live-announcer">
      {message}
    </div>
  );
}
