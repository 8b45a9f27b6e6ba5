// The seed's Yellow step "alert team to resource pressure" (and Orange, Red) for the plan's webhook: one notice per
// governor alert, which comes once when memory enters a worse zone, not per sample. Pure.
import type { Zone } from "../types";

export type ZoneNotice = {
  event: "zone.alert";
  /** One line for chat webhooks (Slack, Mattermost and the like show `text`). */
  text: string;
  run: { id: string; name: string };
  zone: Zone;
  usedPercent: number;
  /** What the governor does about it, in its words. */
  reason: string;
  at: string;
  /** The dashboard's overview, when the server knows its address. */
  url: string | null;
};

export function buildZoneNotice(input: {
  run: { id: string; name: string };
  zone: Zone;
  usedPercent: number;
  reason: string;
  at: Date;
  url: string | null;
}): ZoneNotice {
  return {
    event: "zone.alert",
    text: `Paratrack: run "${input.run.name}" ${input.reason}`,
    run: input.run,
    zone: input.zone,
    usedPercent: input.usedPercent,
    reason: input.reason,
    at: input.at.toISOString(),
    url: input.url,
  };
}
