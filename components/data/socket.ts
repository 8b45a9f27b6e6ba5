"use client";
// The browser's single Socket.IO connection, typed by the shared contract (lib/realtime/events.ts).
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "@/lib/realtime/events";
import { readToken } from "./fetch-json";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;

/** Connects on first use; every hook shares the one connection. */
export function getSocket(): ClientSocket {
  if (!socket) {
    const token = readToken();
    socket = io({ auth: token ? { token } : {}, transports: ["websocket", "polling"] });
  }
  return socket;
}
