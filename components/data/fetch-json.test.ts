// fetchJson against a real HTTP server: what it sends (the CSRF-proof JSON header on every non-GET request)
// and how it reads the API's errors.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, ContractMismatchError, fetchJson } from "./fetch-json";

type Seen = { method: string; contentType: string | undefined; body: string };

let server: Server;
let base = "";
const seen: Seen[] = [];

async function readAll(request: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of request) text += chunk;
  return text;
}

beforeAll(async () => {
  server = createServer(async (request, response) => {
    seen.push({
      method: request.method ?? "",
      contentType: request.headers["content-type"],
      body: await readAll(request),
    });
    response.setHeader("content-type", "application/json");
    if (request.url === "/refused") {
      response.statusCode = 400;
      response.end(JSON.stringify({ error: "the plan has 1 error(s)", details: { errors: [{ line: 3 }] } }));
    } else if (request.url === "/broken") {
      response.statusCode = 502;
      response.statusMessage = "Bad Gateway";
      response.end("<html>not json</html>");
    } else if (request.url?.startsWith("/health-renamed")) {
      response.end(JSON.stringify({ ok: true, version: "1.0.0", instance: "abc" }));
    } else if (request.url === "/health") {
      response.end(JSON.stringify({ ok: true, version: "1.0.0", instanceId: "abc", database: "available" }));
    } else {
      response.end(JSON.stringify({ ok: true }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("fetchJson", () => {
  it("sends a GET as it is, with no JSON header and no body", async () => {
    seen.length = 0;
    expect(await fetchJson(`${base}/ok`)).toEqual({ ok: true });
    expect(seen).toEqual([{ method: "GET", contentType: undefined, body: "" }]);
  });

  it("marks every non-GET request as JSON and sends {} when there is no body", async () => {
    seen.length = 0;
    await fetchJson(`${base}/ok`, { method: "POST" });
    await fetchJson(`${base}/ok`, { method: "put", body: JSON.stringify({ entries: [] }) });
    await fetchJson(`${base}/ok`, { method: "DELETE", headers: { "content-type": "text/plain" } });
    expect(seen).toEqual([
      { method: "POST", contentType: "application/json", body: "{}" },
      { method: "PUT", contentType: "application/json", body: '{"entries":[]}' },
      { method: "DELETE", contentType: "application/json", body: "{}" },
    ]);
  });

  it("throws the API's message with its status and details", async () => {
    const error = await fetchJson(`${base}/refused`, { method: "POST" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      message: "the plan has 1 error(s)",
      status: 400,
      details: { errors: [{ line: 3 }] },
    });
  });

  it("names the status when the answer is not the API's JSON", async () => {
    const error = await fetchJson(`${base}/broken`).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: "502 Bad Gateway", status: 502, details: undefined });
  });

  it("parses the answer with its contract's response schema outside production, naming the path on a mismatch", async () => {
    expect(await fetchJson(`${base}/health`, { contract: "health" })).toEqual({
      ok: true,
      version: "1.0.0",
      instanceId: "abc",
      database: "available",
    });
    const error = await fetchJson(`${base}/health-renamed?x=1`, { contract: "health" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ContractMismatchError);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ContractMismatchError).path).toBe("GET /health-renamed");
    expect((error as Error).message).toMatch(/GET \/health-renamed does not match its contract health/);
    expect((error as Error).message).toMatch(/instanceId/);
    // Without a contract the answer is taken as it is.
    expect(await fetchJson(`${base}/health-renamed`)).toMatchObject({ instance: "abc" });
  });
});
