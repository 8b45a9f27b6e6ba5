// For the CLI's tests: a tiny HTTP server that records each request and answers what the test sets, and a port
// nothing listens on. The commands' real server is driven end to end in e2e (tracks.spec.ts, durability.spec.ts).
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export type RecordedRequest = { method: string; url: string; headers: IncomingHttpHeaders; body: string };
/** JSON by default; with `contentType`, the body (a string) as is: another program's page. */
export type StubReply = { status: number; body: unknown; contentType?: string; delayMs?: number };

export type StubServer = {
  base: string;
  /** Every request so far, in order. */
  requests: RecordedRequest[];
  /** What the next requests are answered (JSON), or a function of the request for answers that differ by route. */
  reply: StubReply | ((request: RecordedRequest) => StubReply);
  close(): Promise<void>;
};

export async function startStubServer(): Promise<StubServer> {
  const requests: RecordedRequest[] = [];
  const stub: Pick<StubServer, "requests" | "reply"> = { requests, reply: { status: 200, body: {} } };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    req.on("end", () => {
      const request = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      requests.push(request);
      const reply = typeof stub.reply === "function" ? stub.reply(request) : stub.reply;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { "content-type": reply.contentType ?? "application/json" });
        res.end(reply.contentType ? String(reply.body) : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return Object.assign(stub, {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}

/** A port nothing listens on: one the kernel just gave and this process gave up. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
