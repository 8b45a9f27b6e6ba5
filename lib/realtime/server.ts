// Socket.IO on the same HTTP server as Next.js, typed by the shared contract.
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { z } from "zod";
import type { Emitter } from "../engine/emitter";
import { type ClientToServerEvents, logRoom, type ServerToClientEvents } from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

const logsSubscription = z.object({ trackKey: z.string().min(1).max(64) });

export function createRealtimeServer(
  httpServer: HttpServer,
  opts: { authToken: string | null },
): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, { serveClient: false });
  if (opts.authToken) {
    const token = opts.authToken;
    io.use((socket, next) => {
      const offered =
        socket.handshake.auth?.token ?? socket.handshake.headers.authorization?.replace(/^Bearer /, "");
      next(offered === token ? undefined : new Error("unauthorized"));
    });
  }
  io.on("connection", (socket) => {
    socket.on("logs:subscribe", (payload, ack) => {
      const parsed = logsSubscription.safeParse(payload);
      if (!parsed.success) {
        ack?.({ error: "logs:subscribe needs { trackKey: string }" });
        return;
      }
      void socket.join(logRoom(parsed.data.trackKey));
      ack?.({ data: { trackKey: parsed.data.trackKey } });
    });
    socket.on("logs:unsubscribe", (payload) => {
      const parsed = logsSubscription.safeParse(payload);
      if (parsed.success) void socket.leave(logRoom(parsed.data.trackKey));
    });
  });
  return io;
}

/** The engine's emitter, backed by Socket.IO broadcasts. */
export function socketEmitter(io: RealtimeServer): Emitter {
  return {
    emit: (event, ...args) => {
      io.emit(event, ...args);
    },
    emitTo: (room) => ({
      emit: (event, ...args) => {
        io.to(room).emit(event, ...args);
      },
    }),
  };
}
