// Every route file answers through a contract, and every contract has its route file: the OpenAPI description
// and the security table (e2e/security.spec.ts) are built from these contracts, so none may be missing.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONTRACT_AREAS, CONTRACTS, ENDPOINTS } from ".";
import { openApiDocument } from "./openapi";

// The whole app folder: the API under app/api and any route outside it (GET /metrics).
const APP_DIR = path.resolve(__dirname, "../../app");

/** "/api/runs/{id}/gantt" for app/api/runs/[id]/gantt/route.ts; catch-all routes are not endpoints. */
function routeFiles(dir = APP_DIR, prefix = ""): { path: string; file: string }[] {
  const found: { path: string; file: string }[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry.startsWith("[...")) continue;
      const segment = entry.replace(/^\[(.+)\]$/, "{$1}");
      found.push(...routeFiles(full, `${prefix}/${segment}`));
    } else if (entry === "route.ts") {
      found.push({ path: prefix, file: full });
    }
  }
  return found;
}

describe("API contracts", () => {
  it("cover every method of every route file, and nothing else", () => {
    const declared = ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();
    const routed = routeFiles()
      .flatMap(({ path: apiPath, file }) =>
        [...readFileSync(file, "utf8").matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
          (m) => `${m[1]} ${apiPath}`,
        ),
      )
      .sort();
    expect(routed).toEqual(declared);
  });

  it("route files go through handle() with their contract (no hand-rolled preamble)", () => {
    for (const { file } of routeFiles()) {
      const text = readFileSync(file, "utf8");
      expect(text, file).toMatch(/handle\(/);
      expect(text, file).not.toMatch(/requireEngine|authorize\(/);
    }
  });

  it("have names unique across areas (CONTRACTS is keyed by them)", () => {
    const names = CONTRACT_AREAS.flatMap((area) => Object.keys(area));
    expect(names.length).toBe(new Set(names).size);
    expect(Object.keys(CONTRACTS).length).toBe(names.length);
  });

  it("describe every answer: a JSON response schema, or the media type of a non-JSON one", () => {
    for (const e of ENDPOINTS) {
      const described = (e.response !== undefined) !== (e.produces !== undefined);
      expect(described, `${e.method} ${e.path}: exactly one of response and produces`).toBe(true);
    }
  });

  it("generate an OpenAPI 3.1 document with every endpoint", () => {
    const doc = openApiDocument(ENDPOINTS, "test") as { paths: Record<string, Record<string, unknown>> };
    for (const e of ENDPOINTS)
      expect(doc.paths[e.path]?.[e.method.toLowerCase()], `${e.method} ${e.path}`).toBeTruthy();
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it("put each response schema in the OpenAPI document, strict objects closed", () => {
    type Operation = {
      responses: Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>;
    };
    const doc = openApiDocument(ENDPOINTS, "test") as { paths: Record<string, Record<string, Operation>> };
    const operation = (method: string, apiPath: string) => doc.paths[apiPath]?.[method] as Operation;
    const tracks = operation("get", "/api/tracks").responses["200"]?.content["application/json"]?.schema;
    expect(tracks).toMatchObject({ type: "array", items: { type: "object", additionalProperties: false } });
    const items = (tracks as { items: { properties: Record<string, unknown>; required: string[] } }).items;
    expect(Object.keys(items.properties)).toEqual(expect.arrayContaining(["key", "status", "usage", "git"]));
    expect(items.required).toContain("key");
    expect(items.required).not.toContain("git");
    const started = operation("post", "/api/runs").responses["201"]?.content["application/json"]?.schema;
    expect(started).toMatchObject({ properties: { runId: { type: "string" } } });
    for (const e of ENDPOINTS.filter((x) => x.response)) {
      const schema = operation(e.method.toLowerCase(), e.path).responses[String(e.status ?? 200)]?.content[
        "application/json"
      ]?.schema;
      expect(schema && Object.keys(schema).length > 0, `${e.method} ${e.path}`).toBe(true);
    }
  });
});
