// Socket.IO on a real HTTP server: every engine.io request passes the request guard, not only the handshake.
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { SECURITY_HEADERS } from "../http/guarded-listener";
import { allowedHostsFor } from "../http/request-guard";
import { createRealtimeServer, type RealtimeServer } from "./server";

let http: Server;
let io: RealtimeServer;
let base: string;
beforeAll(async () => {
  http = createServer((_req, res) => res.writeHead(404).end());
  io = createRealtimeServer(http, {
    authToken: null,
    guard: { allowedHosts: allowedHostsFor("127.0.0.1", []) },
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  io.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

/** A polling session opened the way the dashboard does (same origin); its id. */
async function openSession(): Promise<string> {
  const response = await fetch(`http://${base}/socket.io/?EIO=4&transport=polling`);
  expect(response.status).toBe(200);
  const sid = /"sid":"([^"]+)"/.exec(await response.text())?.[1];
  expect(sid).toBeDefined();
  return sid!;
}

/** engine.io refuses with 400 (a failed middleware) or 403 (allowRequest). */
const REFUSED = [400, 403];

const upgrade = (url: string, headers: Record<string, string>) =>
  new Promise<number>((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on("open", () => {
      socket.terminate();
      resolve(101);
    });
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
    socket.on("error", () => resolve(0));
  });

describe("createRealtimeServer", () => {
  it("refuses a foreign page's handshake, by polling or WebSocket", async () => {
    const polling = await fetch(`http://${base}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "http://evil.example" },
    });
    expect(polling.status).toBeOneOf(REFUSED);
    expect(
      await upgrade(`ws://${base}/socket.io/?EIO=4&transport=websocket`, { origin: "http://evil.example" }),
    ).toBeOneOf(REFUSED);
  });

  it("refuses requests that carry a session id from another origin, site or host", async () => {
    const sid = await openSession();
    const poll = (headers: Record<string, string>, init: RequestInit = {}) =>
      fetch(`http://${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`, { ...init, headers });
    expect((await poll({ origin: "http://evil.example" })).status).toBeOneOf(REFUSED);
    expect((await poll({ "sec-fetch-site": "cross-site" })).status).toBeOneOf(REFUSED);
    // fetch sets Host itself; a rebinding page's request names its own host.
    const rebound = await new Promise<number>((resolve, reject) => {
      const url = new URL(`http://${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      request(url, { headers: { host: "evil.example" } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on("error", reject)
        .end();
    });
    expect(rebound).toBeOneOf(REFUSED);
    expect(
      (
        await poll(
          { origin: "http://evil.example", "content-type": "text/plain" },
          { method: "POST", body: "40" },
        )
      ).status,
    ).toBeOneOf(REFUSED);
    expect(
      await upgrade(`ws://${base}/socket.io/?EIO=4&transport=websocket&sid=${sid}`, {
        origin: "http://evil.example",
      }),
    ).toBeOneOf(REFUSED);
    // The session itself is still the dashboard's: its own long-polling post (text/plain, as engine.io sends it)
    // goes on.
    const own = await poll(
      { origin: `http://${base}`, "content-type": "text/plain;charset=UTF-8" },
      { method: "POST", body: "40" },
    );
    expect(own.status).toBe(200);
  });

  it("says why it refuses, as every other path does: 403 with the guard's sentence, by polling or WebSocket", async () => {
    const polling = await fetch(`http://${base}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "http://evil.example" },
    });
    expect(polling.status).toBe(403);
    expect(await polling.json()).toEqual({
      error: "cross-origin requests are refused (Origin http://evil.example)",
    });
    const sid = await openSession();
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(`http://${base}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
      request(url, { headers: { host: "evil.example" } }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      })
        .on("error", reject)
        .end();
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error).toContain("PARATRACK_ALLOWED_HOSTS");
    const refusedUpgrade = await new Promise<{ status: number; body: string }>((resolve) => {
      const socket = new WebSocket(`ws://${base}/socket.io/?EIO=4&transport=websocket`, {
        headers: { origin: "http://evil.example" },
      });
      socket.on("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      socket.on("error", () => resolve({ status: 0, body: "" }));
    });
    expect(refusedUpgrade).toEqual({
      status: 403,
      body: JSON.stringify({ error: "cross-origin requests are refused (Origin http://evil.example)" }),
    });
  });

  it("answers with the same security headers as every other path, refusals and the WebSocket upgrade included", async () => {
    const expectSecurityHeaders = (headers: { get(name: string): string | null }) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(headers.get(name), name).toBe(value);
    };
    expectSecurityHeaders((await fetch(`http://${base}/socket.io/?EIO=4&transport=polling`)).headers);
    const refused = await fetch(`http://${base}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: "http://evil.example" },
    });
    expect(refused.status).toBeOneOf(REFUSED);
    expectSecurityHeaders(refused.headers);
    const upgradeHeaders = await new Promise<Record<string, string | string[] | undefined>>(
      (resolve, reject) => {
        const socket = new WebSocket(`ws://${base}/socket.io/?EIO=4&transport=websocket`);
        socket.on("upgrade", (response) => {
          socket.terminate();
          resolve(response.headers);
        });
        socket.on("error", reject);
      },
    );
    expectSecurityHeaders({
      get: (name) => (upgradeHeaders[name.toLowerCase()] as string | undefined) ?? null,
    });
  });
});
