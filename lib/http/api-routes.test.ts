// The 405 a wrong method gets, from the real contracts.
import { describe, expect, it } from "vitest";
import { ENDPOINTS } from "../contracts";
import { apiRouteChecker } from "./api-routes";

const check = apiRouteChecker(ENDPOINTS);

describe("apiRouteChecker", () => {
  it("lets every contract's own method through, parameters filled in", () => {
    for (const endpoint of ENDPOINTS) {
      const path = endpoint.path.replace(/\{\w+\}/g, "x");
      expect(check(endpoint.method, path), `${endpoint.method} ${path}`).toBeNull();
    }
  });

  it("refuses another method with the ones the path takes", () => {
    expect(check("DELETE", "/api/tracks")).toEqual({
      status: 405,
      error: "DELETE is not a method of /api/tracks; it takes GET",
      allow: "GET",
    });
    // /api/tracks/A/logs fits both …/{key}/logs (GET) and …/{key}/{action} (POST): either method is fine.
    expect(check("POST", "/api/tracks/A/logs")).toBeNull();
    expect(check("GET", "/api/tracks/A/logs")).toBeNull();
    expect(check("PUT", "/api/tracks/A/pause")?.allow).toContain("POST");
    expect(check("get", "/api/runs")).toBeNull();
  });

  it("leaves HEAD and OPTIONS, pages and unknown API paths to Next.js", () => {
    expect(check("HEAD", "/api/health")).toBeNull();
    expect(check("OPTIONS", "/api/runs")).toBeNull();
    expect(check("DELETE", "/tracks/A")).toBeNull();
    expect(check("DELETE", "/api/no-such-thing")).toBeNull();
    expect(check("POST", "/api/tracks/")).toEqual(expect.objectContaining({ status: 405 }));
  });
});
