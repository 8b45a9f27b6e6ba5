// The connection store against a real Socket.IO server and client: a server that goes is seen as gone (and
// reconnecting), one that comes back on the same port as connected again.
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { CONNECTING, disconnectNoticeAt, watchConnection } from "./connection-state";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

async function listen(port = 0): Promise<{ http: HttpServer; server: Server; port: number }> {
  const http = createServer();
  const server = new Server(http);
  await new Promise<void>((resolve) => http.listen(port, "127.0.0.1", resolve));
  return { http, server, port: (http.address() as AddressInfo).port };
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("watchConnection", () => {
  it("is connecting, then connected; disconnected (reconnecting) when the server goes; connected when it is back", async () => {
    let { server, port } = await listen();
    const socket: Socket = io(`http://127.0.0.1:${port}`, {
      transports: ["websocket"],
      reconnectionDelay: 50,
      reconnectionDelayMax: 100,
    });
    cleanups.push(() => {
      socket.close();
    });
    let clock = 1_000;
    const watch = watchConnection(socket, () => clock);
    cleanups.push(() => watch.stop());
    expect(watch.get()).toBe(CONNECTING);
    const seen: string[] = [];
    watch.subscribe(() => seen.push(watch.get().status));

    await until(() => watch.get().status === "connected", "the first connect");
    const connected = watch.get();
    expect(watch.get()).toBe(connected); // the same object while nothing changes

    clock = 5_000;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await until(() => watch.get().status === "disconnected", "the disconnect");
    expect(watch.get()).toEqual({ status: "disconnected", since: 5_000, isReconnecting: true });

    ({ server } = await listen(port));
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    await until(() => watch.get().status === "connected", "the reconnect");
    expect(seen).toEqual(["connected", "disconnected", "connected"]);
  });

  it("is not reconnecting when the client was closed on purpose", async () => {
    const { server, port } = await listen();
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const socket: Socket = io(`http://127.0.0.1:${port}`, { transports: ["websocket"] });
    const watch = watchConnection(socket, () => 7);
    cleanups.push(() => watch.stop());
    await until(() => watch.get().status === "connected", "the first connect");
    socket.close();
    expect(watch.get()).toEqual({ status: "disconnected", since: 7, isReconnecting: false });
  });
});

describe("disconnectNoticeAt", () => {
  it("waits out a short blip before the page says the server is gone", () => {
    expect(disconnectNoticeAt({ status: "disconnected", since: 10_000, isReconnecting: true }, 4000)).toBe(
      14_000,
    );
    expect(disconnectNoticeAt({ status: "connected" })).toBeNull();
    expect(disconnectNoticeAt(CONNECTING)).toBeNull();
  });
});
