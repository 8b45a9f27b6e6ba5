// The typed Socket.IO contract, shared by server and client. Names are entity:verb.

import type { AttentionNotice } from "../domain/agents/attention";
import type { MemorySample, PtEvent, Zone } from "../domain/types";
import type { GovernorView, LogLine, RunView, TrackMemoryPoint, TrackView } from "../domain/views";

export type ZoneChange = {
  at: string;
  from: Zone | null;
  to: Zone;
  usedPercent: number;
  source: MemorySample["zoneSource"];
};

export type Ack<T> = (response: { data: T } | { error: string }) => void;

export type ServerToClientEvents = {
  "memory:sample": (sample: MemorySample) => void;
  "zone:changed": (change: ZoneChange) => void;
  "event:created": (event: PtEvent) => void;
  "track:updated": (track: TrackView) => void;
  /** A track needs the lead (the browser's notification; the card shows it from track:updated). */
  "track:attention": (notice: AttentionNotice) => void;
  "tracks:memory": (point: TrackMemoryPoint) => void;
  "run:updated": (run: RunView) => void;
  "governor:updated": (governor: GovernorView) => void;
  "log:line": (line: LogLine) => void;
};

export type ClientToServerEvents = {
  /** Start receiving a track's live log lines. */
  "logs:subscribe": (payload: unknown, ack: Ack<{ trackKey: string }>) => void;
  "logs:unsubscribe": (payload: unknown) => void;
};

export const logRoom = (trackKey: string) => `logs:${trackKey}`;

/** Why a handshake without the lead's token is refused (the client reads it as connect_error's message). */
export const SOCKET_TOKEN_REFUSAL =
  "missing or wrong token: connect with auth { token: <PARATRACK_TOKEN> } or Authorization: Bearer <PARATRACK_TOKEN>";
