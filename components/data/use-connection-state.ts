"use client";
import { useSyncExternalStore } from "react";
import { CONNECTING, type ConnectionState } from "./connection-state";
import { getConnection, peekConnection } from "./socket";

const subscribe = (listener: () => void) => getConnection().subscribe(listener);
// Rendering never opens the socket: until something subscribes, it is "connecting".
const getSnapshot = (): ConnectionState => peekConnection()?.get() ?? CONNECTING;
const getServerSnapshot = (): ConnectionState => CONNECTING;

/** Whether the socket reaches the server now; re-renders only when that changes. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
