// Route-handler helpers: the engine lookup, JSON errors of one shape, authorization for actions.
import type { z } from "zod";
import type { Engine } from "../engine/engine";
import { getEngine } from "../engine/registry";

export function jsonError(status: number, error: string, details?: unknown): Response {
  return Response.json(details === undefined ? { error } : { error, details }, { status });
}

/** The engine, or a 503 when Next runs without Paratrack's server (e.g. plain `next start`). */
export function requireEngine(): Engine | Response {
  const engine = getEngine();
  return (
    engine ?? jsonError(503, "the Paratrack engine is not running in this process (start it with npm start)")
  );
}

/**
 * Anything that starts, stops or signals a process needs the token when one is configured
 * (it must be, to listen beyond loopback).
 */
export function authorize(engine: Engine, request: Request): Response | null {
  const token = engine.config.authToken;
  if (!token) return null;
  const header = request.headers.get("authorization") ?? "";
  return header === `Bearer ${token}`
    ? null
    : jsonError(401, "missing or wrong Authorization: Bearer <PARATRACK_TOKEN>");
}

export async function readJson(
  request: Request,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, body: await request.json() };
  } catch {
    return { ok: false, response: jsonError(400, "the request body must be JSON") };
  }
}

/** Every problem of a body at once: "override.reason: Required; by: Too long". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/**
 * The JSON body parsed by `schema`, or a 400 that names every problem. `emptyBody` stands in for an empty
 * body where the route allows one.
 */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { emptyBody?: unknown } = {},
): Promise<{ ok: true; data: z.output<S> } | { ok: false; response: Response }> {
  const text = await request.text();
  let raw: unknown = options.emptyBody;
  if (text.trim() !== "" || options.emptyBody === undefined) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: jsonError(400, "the request body must be JSON") };
    }
  }
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: jsonError(400, describeIssues(parsed.error)) };
}

export function parseLimit(value: string | null, fallback: number, max: number): number | Response {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    return jsonError(400, `limit must be an integer from 1 to ${max}`);
  return n;
}
