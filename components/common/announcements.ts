// What the page's polite live region says: a zone change (not every sample) and a connection that came back.
import type { MemorySample, Zone } from "@/lib/domain/types";
import { type ConnectionState, DISCONNECT_GRACE_MS, disconnectNoticeAt } from "../data/connection-state";
import { ZONE_LABELS } from "./zone-style";

/** The figure that set the zone, in words: "80 % of the RAM budget", or why the hard floor forced Red. */
export function zoneReason(sample: MemorySample): string {
  switch (sample.zoneSource) {
    case "budget":
      return sample.budget
        ? `${Math.round(sample.budget.usedPercent)} % of the RAM budget`
        : `${Math.round(sample.machine.usedPercent)} % of system memory`;
    case "machine":
      return `${Math.round(sample.machine.usedPercent)} % of system memory`;
    case "hard-floor":
      return "free memory below the hard floor";
  }
}

/**
 * "Memory entered Orange zone (80 % of the RAM budget)" when the zone differs from the one seen before; null for
 * the first zone seen (the page just opened: the header says it) and for a sample in the same zone.
 */
export function zoneChangeMessage(previous: Zone | undefined, sample: MemorySample): string | null {
  if (previous === undefined || previous === sample.zone) return null;
  return `Memory entered ${ZONE_LABELS[sample.zone]} zone (${zoneReason(sample)})`;
}

/** Said when the socket is back after the page had said it was gone (a blip shorter than the grace says nothing). */
export function reconnectMessage(
  previous: ConnectionState,
  next: ConnectionState,
  now: number,
  graceMs = DISCONNECT_GRACE_MS,
): string | null {
  if (next.status !== "connected") return null;
  const noticeAt = disconnectNoticeAt(previous, graceMs);
  return noticeAt !== null && now >= noticeAt
    ? "Reconnected to the server; the data is being refreshed."
    : null;
}
