// The 405 a wrong method gets, from the real contracts.
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "../contracts";
import { apiRouteChecker } from "./api-routes";

const check = apiRouteChecker(ENDPOINTS);

describe("apiRouteChecker", () => {
  // A valid value of each path parameter the contracts have.
  const example: Record<string, string> = {
    key: "A",
    action: "pause",
    attempt: "1",
    id: "1",
    phase: "1",
    date: "2026-01-31",
    from: "A",
    to: "B",
  };

  it("lets every contract's own method through, parameters filled in", () => {
    for (const endpoint of ENDPOINTS) {
      const path = endpoint.path.replace(/\{(\w+)\}/g, (_, name: string) => example[name] ?? "x");
      expect(check(endpoint.method, path), `${endpoint.method} ${path}`).toBeNull();
    }
  });

  it("refuses another method with the ones the path takes", () => {
    expect(check("DELETE", "/api/tracks")).toEqual({
      status: 405,
      error: "DELETE is not a method of /api/tracks; it takes GET",
      allow: "GET",
    });
    // /api/tracks/A/logs has the shape of …/{key}/{action} (POST) too, but "logs" is no action: GET only.
    expect(check("GET", "/api/tracks/A/logs")).toBeNull();
    expect(check("POST", "/api/tracks/A/logs")).toEqual({
      status: 405,
      error: "POST is not a method of /api/tracks/A/logs; it takes GET",
      allow: "GET",
    });
    expect(check("POST", "/api/tracks/A/status")).toEqual(
      expect.objectContaining({ status: 405, allow: "GET" }),
    );
    expect(check("PUT", "/api/tracks/A/pause")).toEqual(
      expect.objectContaining({ status: 405, allow: "POST" }),
    );
    expect(check("get", "/api/runs")).toBeNull();
  });

  it("answers a path with a route's shape but not its parameters with the route's 404 where Next.js would send an empty 405", () => {
    for (const method of ["GET", "DELETE"]) {
      expect(check(method, "/api/tracks/A/explode")).toEqual({
        status: 404,
        error: "action: unknown action (expected pause, resume, stop, restart)",
      });
    }
    // A route that takes the method answers for itself: with a token configured, 401 comes before its 404.
    expect(check("POST", "/api/tracks/A/explode")).toBeNull();
    expect(check("GET", "/api/tracks/A/attempts/abc/log")).toBeNull();
    expect(check("POST", "/api/tracks/A/attempts/abc/log")).toEqual(expect.objectContaining({ status: 404 }));
    expect(check("GET", "/api/tracks/%41/logs")).toBeNull();
  });

  it("leaves HEAD and OPTIONS, pages and unknown API paths to Next.js", () => {
    expect(check("HEAD", "/api/health")).toBeNull();
    expect(check("OPTIONS", "/api/runs")).toBeNull();
    expect(check("DELETE", "/tracks/A")).toBeNull();
    expect(check("DELETE", "/api/no-such-thing")).toBeNull();
    expect(check("POST", "/api/tracks/")).toEqual(expect.objectContaining({ status: 405 }));
  });

  it("answers /api itself, which the catch-all route does not match, with the same JSON 404", () => {
    for (const path of ["/api", "/api/"])
      expect(check("GET", path)).toEqual({
        status: 404,
        error: "no such API route: /api (GET /api/openapi.json lists the API's routes)",
      });
  });
});
