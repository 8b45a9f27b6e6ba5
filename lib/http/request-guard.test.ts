import { describe, expect, it } from "vitest";
import { allowedHostsFor, checkRequest, type GuardedRequest, hostNameOf } from "./request-guard";

const policy = { allowedHosts: allowedHostsFor("127.0.0.1", []) };
const request = (
  over: Partial<GuardedRequest> & { headers?: GuardedRequest["headers"] },
): GuardedRequest => ({
  method: "GET",
  url: "/api/tracks",
  ...over,
  headers: { host: "127.0.0.1:3000", ...over.headers },
});

describe("hostNameOf", () => {
  it.each([
    ["127.0.0.1:3000", "127.0.0.1"],
    ["LOCALHOST", "localhost"],
    ["[::1]:3000", "::1"],
    ["::1", "::1"],
    ["example.org", "example.org"],
  ])("%s → %s", (input, expected) => expect(hostNameOf(input)).toBe(expected));
});

describe("checkRequest", () => {
  it("lets same-origin browser requests and non-browser clients through", () => {
    expect(checkRequest(request({}), policy)).toBeNull();
    expect(
      checkRequest(
        request({
          method: "POST",
          url: "/api/tracks/A/pause",
          headers: {
            origin: "http://127.0.0.1:3000",
            "sec-fetch-site": "same-origin",
            "content-type": "application/json",
          },
        }),
        policy,
      ),
    ).toBeNull();
    expect(
      checkRequest(
        request({
          method: "POST",
          url: "/api/runs",
          headers: { "content-type": "application/json; charset=utf-8" },
        }),
        policy,
      ),
    ).toBeNull();
  });

  it("refuses a foreign Host (DNS rebinding) on pages and data alike", () => {
    for (const url of ["/", "/api/health", "/socket.io/?EIO=4"]) {
      expect(checkRequest(request({ url, headers: { host: "evil.example" } }), policy)?.status).toBe(403);
    }
    expect(checkRequest({ method: "GET", url: "/", headers: {} }, policy)?.status).toBe(403);
  });

  it("refuses posts from another origin, a null origin, or a cross-site fetch without Origin", () => {
    const post = (headers: GuardedRequest["headers"]) =>
      checkRequest(
        request({
          method: "POST",
          url: "/api/runs",
          headers: { "content-type": "application/json", ...headers },
        }),
        policy,
      );
    expect(post({ origin: "http://localhost:4000" })?.status).toBe(403);
    expect(post({ origin: "http://127.0.0.1:4000" })?.status).toBe(403);
    expect(post({ origin: "null" })?.status).toBe(403);
    expect(post({ origin: "not a url" })?.status).toBe(403);
    expect(post({ "sec-fetch-site": "same-site" })?.status).toBe(403);
    expect(post({ "sec-fetch-site": "cross-site" })?.status).toBe(403);
  });

  it("refuses a data read whose only sign of another site is its Referer (browsers without Sec-Fetch-Site)", () => {
    const read = (referer: string) =>
      checkRequest(request({ url: "/api/tracks/A/logs", headers: { referer } }), policy);
    expect(read("http://evil.example/page")?.status).toBe(403);
    expect(read("http://127.0.0.1:4000/")?.status).toBe(403);
    expect(read("not a url")?.status).toBe(403);
    expect(read("http://127.0.0.1:3000/tracks/A")).toBeNull();
    // A browser that sends Sec-Fetch-Site is judged by it; a page may still be opened from a link elsewhere.
    expect(
      checkRequest(
        request({
          url: "/api/tracks/A/logs",
          headers: { referer: "http://127.0.0.1:3000/", "sec-fetch-site": "same-origin" },
        }),
        policy,
      ),
    ).toBeNull();
    expect(
      checkRequest(request({ url: "/tracks/A", headers: { referer: "http://evil.example/" } }), policy),
    ).toBeNull();
  });

  it("refuses a no-cors text/plain post (a form or a beacon) with 415", () => {
    const refusal = checkRequest(
      request({ method: "POST", url: "/api/runs", headers: { "content-type": "text/plain;charset=UTF-8" } }),
      policy,
    );
    expect(refusal).toEqual({ status: 415, error: expect.stringContaining("application/json") });
    expect(checkRequest(request({ method: "POST", url: "/api/runs" }), policy)?.status).toBe(415);
    // Pages too: Next could answer a POST to a page (server actions); nothing here does, so nothing may.
    expect(
      checkRequest(
        request({ method: "POST", url: "/", headers: { "content-type": "multipart/form-data" } }),
        policy,
      )?.status,
    ).toBe(415);
  });

  it("refuses data reads from other sites but lets anyone navigate to a page", () => {
    expect(
      checkRequest(request({ url: "/api/tracks/A/logs", headers: { "sec-fetch-site": "same-site" } }), policy)
        ?.status,
    ).toBe(403);
    expect(
      checkRequest(
        request({ url: "/socket.io/?EIO=4&transport=websocket", headers: { origin: "http://localhost:9" } }),
        policy,
      )?.status,
    ).toBe(403);
    expect(
      checkRequest(request({ url: "/tracks/A", headers: { "sec-fetch-site": "cross-site" } }), policy),
    ).toBeNull();
  });

  it("answers malformed percent-encoding with 400, not a crash", () => {
    for (const url of ["/api/tracks/%C0%AE%C0%AE/logs", "/api/runs/%FF", "/tracks/%C0"]) {
      expect(checkRequest(request({ url }), policy)).toEqual({ status: 400, error: expect.any(String) });
    }
    expect(checkRequest(request({ url: "/tracks/%41?q=%FF" }), policy)).toBeNull();
  });

  it("answers to extra names and the listen address, never to 0.0.0.0 itself", () => {
    const wide = { allowedHosts: allowedHostsFor("0.0.0.0", ["dash.lab.example", "10.0.0.5:3000"]) };
    expect(checkRequest(request({ headers: { host: "dash.lab.example:3000" } }), wide)).toBeNull();
    expect(checkRequest(request({ headers: { host: "10.0.0.5" } }), wide)).toBeNull();
    expect(checkRequest(request({ headers: { host: "0.0.0.0:3000" } }), wide)?.status).toBe(403);
  });
});
