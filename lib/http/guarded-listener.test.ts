// The server's request listener on a real HTTP server: the security headers on every answer (pages, data,
// refusals), and the guard's refusals before the handler runs.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENDPOINTS } from "../contracts";
import { apiRouteChecker } from "./api-routes";
import { guardedListener } from "./guarded-listener";
import { allowedHostsFor } from "./request-guard";

let server: Server;
let base: string;
let handled = 0;
beforeAll(async () => {
  server = createServer(
    guardedListener(
      { allowedHosts: allowedHostsFor("127.0.0.1", []) },
      (_req, res) => {
        handled += 1;
        res.writeHead(200, { "content-type": "text/html" }).end("<button>Stop</button>");
      },
      { apiRoutes: apiRouteChecker(ENDPOINTS) },
    ),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("guardedListener", () => {
  it("forbids framing and cross-origin embedding on a page another site frames", async () => {
    const response = await fetch(`${base}/`, {
      headers: { "sec-fetch-site": "cross-site", "sec-fetch-dest": "iframe" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps the data out of caches (no-store on /api and /metrics), not the pages", async () => {
    expect((await fetch(`${base}/api/runs`)).headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${base}/metrics`)).headers.get("cache-control")).toBe("no-store");
    const refused = await fetch(`${base}/api/runs`, { headers: { origin: "http://evil.example" } });
    expect(refused.headers.get("cache-control")).toBe("no-store");
    expect((await fetch(`${base}/`)).headers.get("cache-control")).toBeNull();
  });

  it("refuses before the handler runs, with the same headers", async () => {
    const before = handled;
    const response = await fetch(`${base}/api/runs`, { headers: { origin: "http://evil.example" } });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: expect.stringContaining("cross-origin") });
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(handled).toBe(before);
    expect((await fetch(`${base}/api/runs`)).status).toBe(200);
    expect(handled).toBe(before + 1);
  });

  it("answers a wrong method on an API path with 405, the methods it takes, and why", async () => {
    const before = handled;
    const response = await fetch(`${base}/api/runs`, { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
    expect(await response.json()).toEqual({
      error: "DELETE is not a method of /api/runs; it takes GET, POST",
    });
    // A foreign page is still refused as such first.
    const foreign = await fetch(`${base}/api/runs`, {
      method: "DELETE",
      headers: { origin: "http://evil.example" },
    });
    expect(foreign.status).toBe(403);
    expect(handled).toBe(before);
  });
});
