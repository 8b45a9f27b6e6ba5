import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseDuration, parseSize } from "../units";
import { listKnownKeys } from "./plan-known-keys";
import { planJsonSchema } from "./plan-schema";
import { DURATION_JSON_PATTERN, SIZE_JSON_PATTERN } from "./plan-schema-fields";

type JsonObject = { [key: string]: unknown };

function propertiesAt(schema: JsonObject, ...trail: string[]): JsonObject {
  let node: JsonObject = schema;
  for (const step of trail) node = node[step] as JsonObject;
  return node.properties as JsonObject;
}

describe("planJsonSchema", () => {
  const schema = planJsonSchema();

  it("is draft 2020-12 and closed to unknown fields", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "tracks"]);
  });

  it("describes every track property, with only key required", () => {
    const tracks = propertiesAt(schema).tracks as JsonObject;
    const track = tracks.items as JsonObject;
    expect(Object.keys(track.properties as JsonObject).sort()).toEqual(
      [
        "agents",
        "command",
        "dependsOn",
        "duration",
        "ramProfile",
        "env",
        "key",
        "model",
        "name",
        "nice",
        "priority",
        "ram",
        "resources",
        "scope",
        "subAgents",
        "kind",
        "resume",
        "maxCostUsd",
        "idleMinutes",
        "requiresEnv",
        "test",
        "tier",
        "workdir",
        "worktree",
        "executor",
        "slurm",
      ].sort(),
    );
    expect(track.required).toEqual(["key"]);
    expect(track.additionalProperties).toBe(false);
    const properties = track.properties as JsonObject;
    expect(properties.priority).toMatchObject({ enum: ["critical", "standard", "low"], default: "standard" });
    expect(JSON.stringify(properties.ram)).toContain(JSON.stringify(SIZE_JSON_PATTERN));
    expect(JSON.stringify(properties.duration)).toContain(JSON.stringify(DURATION_JSON_PATTERN));
  });

  it("gives the RAM defaults so editors can show them", () => {
    const zones = propertiesAt(schema, "properties", "ram").zones as JsonObject;
    expect((zones.properties as JsonObject).orange).toMatchObject({ default: 75, minimum: 0, maximum: 100 });
  });

  it("is what docs/plan.schema.json holds (regenerate: `paratrack schema -o docs/plan.schema.json`, then biome format)", () => {
    const committed = readFileSync(path.resolve(__dirname, "../../../docs/plan.schema.json"), "utf8");
    expect(JSON.parse(committed)).toEqual(schema);
  });
});

describe("the JSON Schema patterns", () => {
  const sizeSamples = [
    "8GB",
    "512MiB",
    "800MB",
    "2G",
    "11.976GB",
    " 1 kb ",
    "10",
    "1.5TiB",
    "3b",
    "GB",
    "12XB",
    "1.GB",
    "-1GB",
    "1 2GB",
    "1Gi",
  ];
  const durationSamples = [
    "90m",
    "6h",
    "2-3d",
    "1.5w",
    "30s",
    "10min",
    "2 - 3 d",
    "3-2d",
    "d",
    "5",
    "5y",
    "1-2-3d",
  ];

  it("accept exactly the sizes parseSize accepts", () => {
    const pattern = new RegExp(SIZE_JSON_PATTERN);
    for (const sample of sizeSamples) expect(pattern.test(sample), sample).toBe(parseSize(sample) !== null);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[ 0-9.kKmMgGtTiIbBx]{0,8}$/),
        (text) => pattern.test(text) === (parseSize(text) !== null),
      ),
    );
  });

  it("accept the durations parseDuration accepts (ranges running backwards are left to the validator)", () => {
    const pattern = new RegExp(DURATION_JSON_PATTERN);
    for (const sample of durationSamples) {
      if (sample === "3-2d") expect(pattern.test(sample)).toBe(true);
      else expect(pattern.test(sample), sample).toBe(parseDuration(sample) !== null);
    }
    fc.assert(
      fc.property(fc.stringMatching(/^[ 0-9.\-smhdwin]{0,8}$/), (text) =>
        parseDuration(text) === null ? true : pattern.test(text),
      ),
    );
  });
});

describe("listKnownKeys", () => {
  it("lists the fields allowed at a path, through lists, optionals and unions", () => {
    expect(listKnownKeys(["ram", "zones"])).toEqual(["yellow", "orange", "red", "hysteresis"]);
    expect(listKnownKeys(["tracks", 3, "model"])).toEqual(["local", "cloud"]);
    expect(listKnownKeys(["tracks", 0, "agents", 1])).toEqual([
      "name",
      "command",
      "subAgents",
      "kind",
      "resume",
    ]);
    expect(listKnownKeys(["prices", "gpt-5-codex"])).toEqual([
      "inputPerMTok",
      "outputPerMTok",
      "cachedInputPerMTok",
      "cacheWritePerMTok",
    ]);
    expect(listKnownKeys(["notify"])).toEqual(["webhook"]);
    expect(listKnownKeys(["tracks", 0, "env"])).toEqual([]);
    expect(listKnownKeys(["nope"])).toEqual([]);
  });
});
