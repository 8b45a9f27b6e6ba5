"use client";
// The browser's single Socket.IO connection, typed by the shared contract (lib/realtime/events.ts).
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { type ConnectionWatch, watchConnection } from "./connection-state";
import { readToken } from "./fetch-json";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;
let connection: ConnectionWatch | null = null;

/** Connects on first use; every hook shares the one connection. */
export function getSocket(): ClientSocket {
  if (!socket) {
    const token = readToken();
    socket = io({ auth: token ? { token } : {}, transports: ["websocket", "polling"] });
    // Watched from the start, so no connect or disconnect is missed whoever asks first.
    connection = watchConnection(socket);
  }
  return socket;
}

/** The shared socket's connection state (useConnectionState reads it); connects on first use like getSocket. */
export function getConnection(): ConnectionWatch {
  getSocket();
  return connection as ConnectionWatch;
}

/** The connection state without connecting: null before anything asked for the socket (server rendering too). */
export function peekConnection(): ConnectionWatch | null {
  return connection;
}
