// What asking the kernel who opened each connection costs (lib/security/peer-user.ts): a request on a fresh
// connection to a guarded server with and without the check, in one run, alone and in bursts of 6 (a page load),
// with few and with many other loopback connections open (the socket tables it reads grow with them).
// Not a timed test: figures, printed.
// Usage: npx tsx bench/peer-user.ts [--requests N] [--idle N]
import { readFileSync } from "node:fs";
import { createServer, request, type Server } from "node:http";
import { type AddressInfo, connect, createServer as createTcpServer, type Socket } from "node:net";
import { guardedListener } from "../lib/http/guarded-listener";
import { allowedHostsFor } from "../lib/http/request-guard";
import { createPeerUserCheck, type PeerUserCheck } from "../lib/security/peer-user";

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const n = i < 0 ? fallback : Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n <= 0) {
    console.error(`--${name} needs a positive whole number`);
    process.exit(2);
  }
  return n;
}
const REQUESTS = flag("requests", 400);
const IDLE = flag("idle", 2000);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function listen(peerUser: PeerUserCheck | null): Promise<Server> {
  const server = createServer(
    guardedListener(
      { allowedHosts: allowedHostsFor("127.0.0.1", []) },
      (_req, res) => res.writeHead(200).end("ok"),
      { peerUser },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

/** One GET on a new connection (no keep-alive), in milliseconds. */
function timedGet(port: number): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      res.resume();
      res.on("end", () =>
        res.statusCode === 200 ? resolve(performance.now() - started) : reject(res.statusCode),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

/** `count` idle loopback connections (2 rows each in /proc/net/tcp); closes them with the returned function. */
async function idleConnections(count: number): Promise<() => Promise<void>> {
  const sockets: Socket[] = [];
  const sink = createTcpServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const port = (sink.address() as AddressInfo).port;
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", resolve);
      socket.on("error", reject);
      sockets.push(socket);
    });
  }
  return async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  };
}

async function main() {
  const peerUser = await createPeerUserCheck({ serverUid: process.getuid?.() ?? 0 });
  if (peerUser === null) throw new Error("no /proc/net/tcp here: nothing to measure");
  const plain = await listen(null);
  const checked = await listen(peerUser);
  const ports = [plain, checked].map((server) => (server.address() as AddressInfo).port) as [number, number];
  console.log(`Peer-user check: ${REQUESTS} requests, each on a new connection, alternating the two servers`);
  for (const idle of [0, IDLE]) {
    const close = await idleConnections(idle);
    const rows = ["/proc/net/tcp", "/proc/net/tcp6"]
      .map((file) => readFileSync(file, "utf8").trim().split("\n").length - 1)
      .reduce((a, b) => a + b, 0);
    console.log(
      `  ${idle} other connections open: ${rows} rows in the socket tables (closed ones linger 60 s)`,
    );
    const times: [number[], number[]] = [[], []];
    for (let i = 0; i < 20; i++) await timedGet(ports[i % 2]!); // warm up
    for (let i = 0; i < REQUESTS; i++) times[i % 2]!.push(await timedGet(ports[i % 2]!));
    // Six new connections at once, timed until the last answer.
    const bursts: [number[], number[]] = [[], []];
    for (let i = 0; i < REQUESTS / 6; i++) {
      const started = performance.now();
      await Promise.all(Array.from({ length: 6 }, () => timedGet(ports[i % 2]!)));
      bursts[i % 2]!.push(performance.now() - started);
    }
    await close();
    for (const [label, [without, withCheck]] of [
      ["one request", times],
      ["burst of 6 ", bursts],
    ] as const) {
      const [a, b] = [without, withCheck].map((t) => [percentile(t, 50), percentile(t, 95)]) as [
        number[],
        number[],
      ];
      console.log(
        `    ${label}: without check p50 ${a[0]!.toFixed(2)} ms, p95 ${a[1]!.toFixed(2)} ms; with p50 ${b[0]!.toFixed(2)} ms, p95 ${b[1]!.toFixed(2)} ms (+${(b[0]! - a[0]!).toFixed(2)} ms at p50)`,
      );
    }
  }
  await Promise.all([plain, checked].map((server) => new Promise((resolve) => server.close(resolve))));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
