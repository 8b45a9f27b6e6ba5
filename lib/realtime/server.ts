// Socket.IO on the same HTTP server as Next.js, typed by the shared contract. The handshake passes the same
// request guard as every HTTP request (Host, Origin): a WebSocket is not subject to CORS, so without this any
// web page could open one and read the pushes.
import { type Server as HttpServer, type IncomingMessage, ServerResponse, STATUS_CODES } from "node:http";
import { Server } from "socket.io";
import { z } from "zod";
import type { MemorySample } from "../domain/types";
import type { Emitter } from "../engine/emitter";
import { SECURITY_HEADERS } from "../http/guarded-listener";
import { checkRequest, type GuardPolicy } from "../http/request-guard";
import type { PeerUserCheck } from "../security/peer-user";
import { sameSecret } from "../security/secret";
import {
  type ClientToServerEvents,
  logRoom,
  type ServerToClientEvents,
  SOCKET_TOKEN_REFUSAL,
} from "./events";

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents>;

export type RealtimeOptions = {
  authToken: string | null;
  guard: GuardPolicy;
  /** Who opened the connection, for a server without token (as guardedListener, which /socket.io never reaches). */
  peerUser?: PeerUserCheck | null;
  /** The latest memory sample, sent to each socket as it connects so a fresh page shows the gauge at once. */
  latestSample?: () => MemorySample | null;
};

const logsSubscription = z.object({ trackKey: z.string().min(1).max(64) });

export function createRealtimeServer(httpServer: HttpServer, opts: RealtimeOptions): RealtimeServer {
  const peerUser = opts.peerUser ?? null;
  const peerRefusal = async (request: IncomingMessage) =>
    peerUser === null ? null : peerUser(request.socket);
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    allowRequest: (request: IncomingMessage, callback) => {
      const refusal = checkRequest(
        { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers },
        opts.guard,
      );
      callback(refusal?.error ?? null, refusal === null);
    },
  });
  // engine.io asks allowRequest only at the handshake: a request carrying a session id (long-polling, the upgrade
  // to a WebSocket) skips it, and server.ts's listener never sees /socket.io. Every such request passes here too,
  // the handshake and the upgrade included (engine.io runs its middlewares first), and so does the peer's user.
  // server.ts's listener sets the security headers on every other answer; engine.io's (the upgrade's, refusals)
  // get them here, first.
  type HeaderSink = { setHeader(name: string, value: string): unknown };
  io.engine.use((request: IncomingMessage, response: HeaderSink, next: (error?: Error) => void) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    void peerRefusal(request).then((refusedPeer) => {
      const refusal =
        refusedPeer ??
        checkRequest(
          { method: request.method ?? "GET", url: request.url ?? "/", headers: request.headers },
          opts.guard,
        );
      // Long-polling posts its packets as text/plain by design; the 415 comes only after Host and Origin passed.
      if (!refusal || refusal.status === 415) return next();
      // engine.io answers a middleware's error with a bare 400 "Bad request": the client gets the guard's status
      // and its sentence instead (engine.io then sees the answer sent and adds nothing).
      refuseWithReason(request, response, refusal);
      next(new Error(refusal.error));
    });
  });
  if (opts.authToken) {
    const token = opts.authToken;
    io.use((socket, next) => {
      const offered: unknown =
        socket.handshake.auth?.token ?? socket.handshake.headers.authorization?.replace(/^Bearer\s+/i, "");
      // The client reads only this message (connect_error): say what to send, as the API's 401 does.
      next(
        typeof offered === "string" && sameSecret(offered, token)
          ? undefined
          : new Error(SOCKET_TOKEN_REFUSAL),
      );
    });
  }
  io.on("connection", (socket) => {
    const sample = opts.latestSample?.();
    if (sample) socket.emit("memory:sample", sample);
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

/**
 * Writes a refusal as every other path does: JSON { error } with its status and the security headers. Long-polling
 * has a response to write it to; a WebSocket upgrade has only its socket, which is then closed.
 */
function refuseWithReason(
  request: IncomingMessage,
  response: unknown,
  refusal: { status: number; error: string },
): void {
  const body = JSON.stringify({ error: refusal.error });
  if (response instanceof ServerResponse) {
    if (!response.headersSent)
      response.writeHead(refusal.status, { "content-type": "application/json" }).end(body);
    return;
  }
  const socket = request.socket;
  if (!socket.writable) return;
  const headers = {
    ...SECURITY_HEADERS,
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body),
  };
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? "Refused"}\r\nConnection: close\r\n${Object.entries(
      headers,
    )
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join("")}\r\n${body}`,
  );
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
