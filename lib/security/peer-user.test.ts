// A server without token answers only its own user, on a real HTTP server with Socket.IO attached (as server.ts
// composes them) and real clients: this process, and a node process run as another user (needs root to switch).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardedListener } from "../http/guarded-listener";
import { allowedHostsFor } from "../http/request-guard";
import { createRealtimeServer, type RealtimeServer } from "../realtime/server";
import { createPeerUserCheck } from "./peer-user";

const run = promisify(execFile);
const NOBODY = 65534;
const canSwitchUser = process.getuid?.() === 0 && existsSync("/usr/bin/setpriv");

let http: Server;
let io: RealtimeServer;
let base: string;
let handled = 0;
beforeAll(async () => {
  const guard = { allowedHosts: allowedHostsFor("127.0.0.1", []) };
  const peerUser = await createPeerUserCheck({ serverUid: process.getuid!() });
  expect(peerUser).not.toBeNull();
  http = createServer(
    guardedListener(
      guard,
      (_req, res) => {
        handled += 1;
        res.writeHead(200, { "content-type": "application/json" }).end('{"runs":[]}');
      },
      { peerUser },
    ),
  );
  io = createRealtimeServer(http, { authToken: null, guard, peerUser });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  io.close();
  await new Promise<void>((resolve) => http.close(() => resolve()));
});

/** Runs a node client as user `uid`; it prints one line per request: the status and the body's start. */
async function requestAs(uid: number, base: string): Promise<string[]> {
  const client = `
    const http = require("node:http");
    const get = (path, headers = {}) => new Promise((resolve) => {
      const req = http.get(base + path, { headers }, (res) => {
        let body = ""; res.on("data", (d) => (body += d));
        res.on("end", () => resolve(res.statusCode + " " + body.slice(0, 200)));
      });
      req.on("upgrade", (res, socket) => { socket.destroy(); resolve("101"); });
      req.on("error", (e) => resolve("error " + e.message));
    });
    const base = process.argv[1];
    (async () => {
      console.log(await get("/api/runs"));
      console.log(await get("/socket.io/?EIO=4&transport=polling"));
      console.log(await get("/socket.io/?EIO=4&transport=websocket", {
        connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13",
        "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
      }));
    })();`;
  const { stdout } = await run(
    "setpriv",
    [`--reuid=${uid}`, `--regid=${uid}`, "--clear-groups", process.execPath, "-e", client, base],
    { cwd: "/", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", NODE_ENV: "test" }, timeout: 20_000 },
  );
  return stdout.trim().split("\n");
}

describe("a server without token and its peers' users", () => {
  it("answers its own user: pages, the API and the socket", async () => {
    const before = handled;
    const response = await fetch(`${base}/api/runs`);
    expect(response.status).toBe(200);
    expect(handled).toBe(before + 1);
    const polling = await fetch(`${base}/socket.io/?EIO=4&transport=polling`);
    expect(polling.status).toBe(200);
    expect(await polling.text()).toContain('"sid"');
  });

  it.skipIf(!canSwitchUser)("refuses another user of this machine before anything answers", async () => {
    const before = handled;
    const [api, polling, websocket] = await requestAs(NOBODY, base);
    expect(api).toMatch(/^403 .*another user of this machine \(uid 65534\).*PARATRACK_TOKEN/);
    // The socket's refusals say why too (lib/realtime/server.ts), as the API's does.
    expect(polling).toMatch(/^403 .*another user of this machine \(uid 65534\)/);
    expect(websocket).toMatch(/^403 .*another user of this machine \(uid 65534\)/);
    expect(handled).toBe(before);
    // The same client as this server's own user (root, which switching needs) is answered.
    const [apiAsSelf, pollingAsSelf, websocketAsSelf] = await requestAs(process.getuid!(), base);
    expect(apiAsSelf).toBe('200 {"runs":[]}');
    expect(pollingAsSelf).toMatch(/^200 .*"sid"/);
    expect(websocketAsSelf).toBe("101");
  });
});

describe("createPeerUserCheck's reads of the socket tables", () => {
  const HEADER =
    "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";
  /** The client row of 127.0.0.1:<port> → 127.0.0.1:3000 (0BB8), owned by uid 1000. */
  const clientRow = (port: number) =>
    `   1: 0100007F:${port.toString(16).toUpperCase().padStart(4, "0")} 0100007F:0BB8 01 00000000:00000000 00:00000000 00000000  1000        0 ${port} 1`;
  const socketFrom = (port: number) =>
    ({ remoteAddress: "127.0.0.1", remotePort: port, localAddress: "127.0.0.1", localPort: 3000 }) as Socket;

  it("shares one read among connections that arrive together, and never trusts a read begun before one", async () => {
    const listed: number[] = [];
    const reads: Array<() => void> = [];
    let count = 0;
    const check = await createPeerUserCheck({
      serverUid: 1000,
      littleEndian: true,
      // Each read sees the rows listed when it began, and ends when the test says.
      readTable: (table) => {
        if (table === "tcp6") return Promise.resolve(HEADER);
        count += 1;
        const rows = listed.map(clientRow);
        if (count === 1) return Promise.resolve(HEADER);
        return new Promise((resolve) => reads.push(() => resolve([HEADER, ...rows].join("\n"))));
      },
    });
    expect(check).not.toBeNull();
    listed.push(40001);
    const first = check!(socketFrom(40001));
    // Two connections listed after the first read began: one more read, shared.
    listed.push(40002, 40003);
    const secondSocket = socketFrom(40002);
    const second = check!(secondSocket);
    const third = check!(socketFrom(40003));
    // A connection's verdict is asked once (keep-alive requests reuse it).
    expect(check!(secondSocket)).toBe(second);
    reads.shift()!();
    expect(await first).toBeNull();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toHaveLength(1);
    reads.shift()!();
    expect(await second).toBeNull();
    expect(await third).toBeNull();
    expect(count).toBe(3);
    // A connection the kernel does not list is refused, with why.
    const unknown = check!(socketFrom(40009));
    await new Promise((resolve) => setImmediate(resolve));
    reads.shift()!();
    expect(await unknown).toEqual({
      status: 403,
      error: expect.stringContaining("lists no loopback connection"),
    });
  });
});
