// Whether the browser's socket reaches the server, as a small store React can read (useSyncExternalStore): the
// pages keep showing their last data when the server goes, and must say so.

/** Connecting (before the first connect), connected, or disconnected since a time (ms), reconnecting or not. */
export type ConnectionState =
  | { status: "connecting" }
  | { status: "connected" }
  | { status: "disconnected"; since: number; isReconnecting: boolean };

export const CONNECTING: ConnectionState = { status: "connecting" };
const CONNECTED: ConnectionState = { status: "connected" };

/** The part of a Socket.IO client socket watched here. */
export type WatchedSocket = {
  readonly connected: boolean;
  /** False once the client gave up reconnecting (or the server closed the socket on purpose). */
  readonly active: boolean;
  on(event: "connect" | "disconnect", listener: () => void): unknown;
  off(event: "connect" | "disconnect", listener: () => void): unknown;
};

export type ConnectionWatch = {
  /** The same object until the state changes (useSyncExternalStore compares by identity). */
  get(): ConnectionState;
  subscribe(listener: () => void): () => void;
  stop(): void;
};

/** Follows the socket's connects and disconnects; `now` is the clock (ms). */
export function watchConnection(socket: WatchedSocket, now: () => number = Date.now): ConnectionWatch {
  let state: ConnectionState = socket.connected ? CONNECTED : CONNECTING;
  const listeners = new Set<() => void>();
  const set = (next: ConnectionState) => {
    state = next;
    for (const listener of listeners) listener();
  };
  const onConnect = () => set(CONNECTED);
  // Socket.IO reconnects on its own after a transport close, not after a disconnect the server asked for.
  const onDisconnect = () => set({ status: "disconnected", since: now(), isReconnecting: socket.active });
  socket.on("connect", onConnect);
  socket.on("disconnect", onDisconnect);
  return {
    get: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      socket.off("connect", onConnect);
      socket.off("disconnect", onDisconnect);
      listeners.clear();
    },
  };
}

/** A blip shorter than this (a proxy's idle cut, a laptop waking) says nothing. */
export const DISCONNECT_GRACE_MS = 4000;

/** When the page should start saying it lost the server (ms), or null while it has not. */
export function disconnectNoticeAt(state: ConnectionState, graceMs = DISCONNECT_GRACE_MS): number | null {
  return state.status === "disconnected" ? state.since + graceMs : null;
}
