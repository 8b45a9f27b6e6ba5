"use client";
// The browser's single Socket.IO connection, typed by the shared contract.
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents } from "./events";

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: ClientSocket | null = null;

export function getSocket(): ClientSocket {
  if (!socket) {
    const token = typeof window !== "undefined" ? window.localStorage.getItem("paratrack.token") : null;
    socket = io({ auth: token ? { token } : {}, transports: ["websocket", "polling"] });
  }
  return socket;
}
