import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAttentionNotice } from "../domain/agents/attention";
import { createWebhookNotifier, MAX_WEBHOOKS_IN_FLIGHT, postWebhook, type WebhookResult } from "./webhook";

type Received = { method: string; path: string; contentType: string | undefined; body: unknown };

// A real receiver: /ok answers 204, /fail 500, /slow after 10 s, /redirect 302; every request is recorded.
let server: Server;
let base = "";
const received: Received[] = [];
const held = new Set<ServerResponse>();

beforeAll(async () => {
  server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      received.push({
        method: request.method ?? "",
        path: request.url ?? "",
        contentType: request.headers["content-type"],
        body: text === "" ? null : JSON.parse(text),
      });
      if (request.url?.startsWith("/ok")) response.writeHead(204).end();
      else if (request.url?.startsWith("/fail")) response.writeHead(500).end("boom");
      else if (request.url?.startsWith("/redirect")) response.writeHead(302, { location: "/ok" }).end();
      else if (request.url?.startsWith("/slow")) {
        held.add(response);
        setTimeout(() => {
          held.delete(response);
          if (!response.destroyed) response.writeHead(204).end();
        }, 10_000).unref();
      } else response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of held) response.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const notice = buildAttentionNotice({
  run: { id: "run-1", name: "Sprint" },
  track: { key: "A", name: "Parser" },
  attention: { state: "needed", reason: "idle", message: "no output for 20 min", since: 0, sticky: false },
  url: null,
});

describe("postWebhook", () => {
  it("POSTs the payload as JSON", async () => {
    const result = await postWebhook(`${base}/ok/secret-token-path`, notice);
    expect(result).toMatchObject({ ok: true, status: 204 });
    expect(received.at(-1)).toEqual({
      method: "POST",
      path: "/ok/secret-token-path",
      contentType: "application/json",
      body: notice,
    });
  });

  it("returns errors as values, naming the origin but not the secret path", async () => {
    const failed = await postWebhook(`${base}/fail/secret-token-path`, notice);
    expect(failed).toMatchObject({ ok: false, status: 500, error: `${base} answered 500` });
    expect(JSON.stringify(failed)).not.toContain("secret-token-path");
    expect(await postWebhook(`${base}/redirect`, notice)).toMatchObject({ ok: false, status: 302 });
    expect(await postWebhook("not a url", notice)).toMatchObject({ ok: false, error: "not a valid URL" });
    expect(await postWebhook("file:///etc/passwd", notice)).toMatchObject({
      ok: false,
      error: "file: URLs are not supported",
    });
  });

  it("gives up on a slow receiver after the timeout", async () => {
    const result = await postWebhook(`${base}/slow`, notice, { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, error: `${base} did not answer within 300 ms` });
    expect(result.elapsedMs).toBeLessThan(5_000);
  });

  it("says unreachable when nobody listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(await postWebhook(`http://127.0.0.1:${port}/x`, notice)).toMatchObject({
      ok: false,
      error: `http://127.0.0.1:${port} unreachable (ECONNREFUSED)`,
    });
  });
});

describe("createWebhookNotifier", () => {
  it("returns at once, reports each outcome, and drops posts beyond the in-flight limit", async () => {
    const outcomes: (WebhookResult | { ok: false; error: string; dropped: true })[] = [];
    const notifier = createWebhookNotifier(`${base}/slow`, {
      timeoutMs: 500,
      onResult: (r) => outcomes.push(r),
    });
    for (let i = 0; i < MAX_WEBHOOKS_IN_FLIGHT + 2; i += 1) notifier.notify({ i });
    // notify() did not wait: the posts are still in flight, and the two beyond the limit were dropped.
    expect(notifier.inFlight()).toBe(MAX_WEBHOOKS_IN_FLIGHT);
    expect(outcomes.filter((o) => "dropped" in o)).toHaveLength(2);
    await notifier.settle();
    expect(notifier.inFlight()).toBe(0);
    expect(outcomes.filter((o) => !o.ok && !("dropped" in o))).toHaveLength(MAX_WEBHOOKS_IN_FLIGHT);
  });

  it("delivers to a working receiver", async () => {
    const outcomes: unknown[] = [];
    const notifier = createWebhookNotifier(`${base}/ok/n`, { onResult: (r) => outcomes.push(r) });
    notifier.notify(notice);
    await notifier.settle();
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, status: 204 })]);
  });
});
