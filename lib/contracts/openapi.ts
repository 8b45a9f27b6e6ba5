// The OpenAPI 3.1 description of the API, generated from the endpoint contracts (zod 4's JSON Schema output).
import { z } from "zod";
import type { Endpoint } from "./endpoint";

type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    target: "draft-2020-12",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
};

/** Path and query parameters from an object schema; each property one parameter. */
function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const json = toSchema(schema, "input");
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === "path" || required.has(name),
    schema: property,
  }));
}

export function openApiDocument(endpoints: readonly Endpoint[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const e of endpoints) {
    const operation: JsonSchema = {
      summary: e.summary,
      parameters: [...parameters(e.params, "path"), ...parameters(e.query, "query")],
      responses: {
        [String(e.status ?? 200)]: {
          description: "success",
          content: e.produces
            ? { [e.produces]: { schema: { type: "string" } } }
            : { "application/json": { schema: e.response ? toSchema(e.response, "output") : {} } },
        },
        default: {
          description: "an error: { error, details? }",
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        },
      },
      security: e.access === "public" ? [] : [{ bearer: [] }],
    };
    if (e.body) {
      operation.requestBody = {
        required: e.emptyBody === undefined,
        content: { "application/json": { schema: toSchema(e.body, "input") } },
      };
    }
    paths[e.path] ??= {};
    paths[e.path]![e.method.toLowerCase()] = operation;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Paratrack API",
      version,
      description:
        "State-changing requests must be JSON and same-origin. With PARATRACK_TOKEN set, every endpoint but health needs Authorization: Bearer <token>.",
    },
    paths,
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: { error: { type: "string" }, details: {} },
        },
      },
    },
  };
}
