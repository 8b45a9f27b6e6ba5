// The engine's outbound port: typed like the Socket.IO contract, but free of Socket.IO so tests can capture it.
import type { ServerToClientEvents } from "../realtime/events";

export type Emit = <E extends keyof ServerToClientEvents>(
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
) => void;

export type Emitter = {
  /** To every connected browser. */
  emit: Emit;
  /** To the browsers in one room (for example one track's log followers). */
  emitTo: (room: string) => { emit: Emit };
};

/** An emitter that records what was sent; useful in tests and headless runs. */
export function createRecordingEmitter(): Emitter & {
  sent: { room: string | null; event: string; payload: unknown }[];
} {
  const sent: { room: string | null; event: string; payload: unknown }[] = [];
  const make =
    (room: string | null): Emit =>
    (event, ...args) => {
      sent.push({ room, event, payload: args[0] });
    };
  return { sent, emit: make(null), emitTo: (room) => ({ emit: make(room) }) };
}
