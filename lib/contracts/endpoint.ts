// One API endpoint described once: method, path, who may call it, and the zod schemas of its request and
// response. Route handlers are built from these (lib/http/handle.ts), and so is GET /api/openapi.json.
import type { z } from "zod";

/**
 * Who may call an endpoint once the server has a token (PARATRACK_TOKEN):
 * - public: anyone who passes the request guard (health);
 * - token: the lead's token;
 * - report: the lead's token, or the report-only token a track's agents get (PARATRACK_REPORT_TOKEN).
 * Without a token every endpoint is open to same-origin pages and local non-browser clients.
 */
export type Access = "public" | "token" | "report";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type Endpoint = {
  method: HttpMethod;
  /** OpenAPI-style path: /api/tracks/{key}/logs */
  path: string;
  summary: string;
  access: Access;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Stands in for an empty body where the endpoint allows one (e.g. {}). */
  emptyBody?: unknown;
  /** Largest body accepted, in bytes; default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /** Success status; default 200. */
  status?: number;
  /**
   * The JSON answer at the success status (strict zod schemas from lib/contracts/views, each tied to its TypeScript
   * type); absent only for endpoints that answer with another media type (`produces`).
   */
  response?: z.ZodType;
  /** Media type of a non-JSON answer (e.g. text/markdown). */
  produces?: string;
};

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

/** The parsed value of one of an endpoint's schemas (params, query, body), undefined when it has none. */
export type Parsed<E, K extends "params" | "query" | "body"> = E extends {
  [P in K]: infer S extends z.ZodType;
}
  ? z.output<S>
  : undefined;

/** What a handler may answer: the response schema's input (anything JSON when there is none). */
export type Answer<E> = E extends { response: infer R extends z.ZodType } ? z.input<R> : unknown;

/** Declares an endpoint, keeping its schemas' exact types for the handler. */
export function endpoint<const E extends Endpoint>(spec: E): E {
  return spec;
}
