// An address under /api that no route handles gets a JSON 404 that says where the routes are listed.
import { describe, expect, it } from "vitest";
import { GET, POST } from "./route";

describe("/api/[...unknown]", () => {
  it.each(["/api/nope", "/api/tracks/A/nope/deeper"])(
    "answers %s with a JSON 404 that points at /api/openapi.json",
    async (path) => {
      for (const [method, route] of [
        ["GET", GET],
        ["POST", POST],
      ] as const) {
        const response = await route(new Request(`http://127.0.0.1:3000${path}`, { method }));
        expect(response.status).toBe(404);
        expect(response.headers.get("content-type")).toContain("application/json");
        expect(await response.json()).toEqual({
          error: `no such API route: ${path} (GET /api/openapi.json lists the API's routes)`,
        });
      }
    },
  );
});
