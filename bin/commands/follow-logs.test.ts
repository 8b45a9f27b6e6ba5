// `paratrack track logs --follow` against the server's own Socket.IO (lib/realtime/server.ts on a real HTTP
// server; the tail route is a stand-in): the tail, then each pushed line of its track once, through the handover
// and a reconnect, until stopped.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, expect, it } from "vitest";
import type { LogLine } from "../../lib/domain/views";
import { allowedHostsFor } from "../../lib/http/request-guard";
import { logRoom } from "../../lib/realtime/events";
import { createRealtimeServer, type RealtimeServer, socketEmitter } from "../../lib/realtime/server";
import { createLinePrinter, followTrackLogs } from "./follow-logs";

let http: Server;
let io: RealtimeServer;
let base = "";
/** What the tail route answers, and how often it was asked. */
let tail: LogLine[] = [];
let tailRequests = 0;

const line = (n: number, trackKey = "A"): LogLine => ({
  trackKey,
  agent: "coder",
  stream: "stdout",
  line: `line ${n}`,
  at: new Date(Date.UTC(2026, 11, 6, 10, 0, n)).toISOString(),
});

beforeEach(async () => {
  tail = [];
  tailRequests = 0;
  http = createServer((req, res) => {
    if (req.url?.startsWith("/api/tracks/A/logs")) {
      tailRequests++;
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(tail));
    } else res.writeHead(404, { "content-type": "application/json" }).end('{"error":"no track \\"Z\\""}');
  });
  io = createRealtimeServer(http, {
    authToken: null,
    guard: { allowedHosts: allowedHostsFor("127.0.0.1", []) },
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterEach(async () => {
  io.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

async function until(check: () => boolean, what: string) {
  const deadline = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

it("prints the tail, then each pushed line of its track once, and returns 0 when stopped", async () => {
  tail = [line(1), line(2)];
  const printed: string[] = [];
  const stop = new AbortController();
  const following = followTrackLogs({
    base,
    key: "A",
    search: "?tail=2",
    env: {},
    print: (l) => printed.push(l.line),
    stop: stop.signal,
  });
  // Subscribed once the tail was asked again (the handover).
  await until(
    () => tailRequests === 2 && io.sockets.adapter.rooms.get(logRoom("A"))?.size === 1,
    "subscribed",
  );
  const room = socketEmitter(io).emitTo(logRoom("A"));
  room.emit("log:line", line(2)); // already printed from the tail
  room.emit("log:line", line(3));
  socketEmitter(io).emit("log:line", line(4, "B")); // another track's
  room.emit("log:line", line(5));
  await until(() => printed.length === 4, "the pushed lines");
  expect(printed).toEqual(["line 1", "line 2", "line 3", "line 5"]);

  // The connection drops, then the server closes the socket itself (as on its way down): after each reconnect,
  // what was said meanwhile comes from the tail.
  tail = [line(5), line(6)];
  for (const socket of io.sockets.sockets.values()) socket.conn.close();
  await until(() => printed.includes("line 6"), "the line said while the connection was down");
  tail = [line(6), line(7)];
  for (const socket of io.sockets.sockets.values()) socket.disconnect(true);
  await until(() => printed.includes("line 7"), "the line said while the server had closed the socket");
  await until(() => io.sockets.adapter.rooms.get(logRoom("A"))?.size === 1, "subscribed again");
  room.emit("log:line", line(8));
  await until(() => printed.includes("line 8"), "a line after the reconnects");
  expect(printed).toEqual(["line 1", "line 2", "line 3", "line 5", "line 6", "line 7", "line 8"]);

  stop.abort();
  expect(await following).toBe(0);
  await until(() => io.sockets.sockets.size === 0, "the socket closed");
});

it("stops at once with the server's refusal for an unknown track, without connecting", async () => {
  const stop = new AbortController();
  const code = await followTrackLogs({
    base,
    key: "Z",
    search: "",
    env: {},
    print: () => {},
    stop: stop.signal,
  });
  expect(code).toBe(1);
  expect(io.sockets.sockets.size).toBe(0);
});

it("prints a line once however often it comes, and forgets the oldest past its memory", () => {
  const printed: string[] = [];
  const printOnce = createLinePrinter((l) => printed.push(l.line));
  printOnce([line(1), line(1), line(2)]);
  printOnce([line(2), line(3)]);
  expect(printed).toEqual(["line 1", "line 2", "line 3"]);
  printOnce(Array.from({ length: 10_000 }, (_, i) => line(100 + i)));
  printOnce([line(1)]); // forgotten by now: printed again
  expect(printed.at(-1)).toBe("line 1");
});
