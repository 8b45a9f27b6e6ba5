// Builds a Next.js route handler from an endpoint contract: the request guard, authorization, params, query and
// body parsed by the contract's schemas, the engine, and one error shape. A route file is then the call to lib.
import { isUtf8 } from "node:buffer";
import type { z } from "zod";
import { type Answer, DEFAULT_MAX_BODY_BYTES, type Endpoint, type Parsed } from "../contracts/endpoint";
import { isDatabaseUnreachable } from "../db/unreachable";
import type { Engine } from "../engine/engine";
import { isEngineError } from "../engine/errors";
import { getEngine } from "../engine/registry";
import { sameSecret } from "../security/secret";
import { checkRequest } from "./request-guard";
import { bodyShape, describeIssues, isShapeError, jsonError } from "./respond";
import { serverHostNames } from "./server-hosts";

export type HandlerContext<E extends Endpoint> = {
  engine: Engine;
  request: Request;
  params: Parsed<E, "params">;
  query: Parsed<E, "query">;
  body: Parsed<E, "body">;
};

type NextContext = { params?: Promise<Record<string, string | string[] | undefined>> };

/** The route handler for `endpoint`: `export const POST = handle(startRun, async ({ engine, body }) => …)`. */
export function handle<E extends Endpoint>(
  endpoint: E,
  handler: (context: HandlerContext<E>) => Promise<Answer<E> | Response> | Answer<E> | Response,
): (request: Request, context: NextContext) => Promise<Response> {
  return async (request, context) => {
    const engine = getEngine();
    if (!engine)
      return jsonError(503, "the Paratrack engine is not running in this process (start it with npm start)");
    const url = new URL(request.url);
    const refusal = checkRequest(
      {
        method: request.method,
        url: url.pathname + url.search,
        // Next builds request.url from the Host header; a Request made in-process may carry it only there.
        headers: { host: url.host, ...Object.fromEntries(request.headers) },
      },
      { allowedHosts: hostNamesOf(engine) },
    );
    if (refusal) return jsonError(refusal.status, refusal.error);
    const denied = authorize(engine, request, endpoint);
    if (denied) return denied;

    const params = parse(endpoint.params, (await context.params) ?? {}, "path");
    if (!params.ok) return params.response;
    const query = parse(endpoint.query, Object.fromEntries(url.searchParams), "query");
    if (!query.ok) return query.response;
    let body: { ok: true; data: unknown } | { ok: false; response: Response } = { ok: true, data: undefined };
    if (endpoint.body) {
      const text = await readLimitedText(request, endpoint.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
      if (text instanceof Response) return text;
      body = parseBody(endpoint, text);
      if (!body.ok) return body.response;
    }
    try {
      const answer = await handler({
        engine,
        request,
        params: params.data,
        query: query.data,
        body: body.data,
      } as HandlerContext<E>);
      return answer instanceof Response ? answer : Response.json(answer, { status: endpoint.status ?? 200 });
    } catch (error) {
      return toErrorResponse(error);
    }
  };
}

// The same names server.ts's guard accepts (with HOST=0.0.0.0 the machine's own), worked out once per engine.
const hostNames = new WeakMap<Engine["config"], Set<string>>();
function hostNamesOf(engine: Engine): Set<string> {
  let names = hostNames.get(engine.config);
  if (!names) {
    names = serverHostNames(engine.config);
    hostNames.set(engine.config, names);
  }
  return names;
}

/** Maps the engine's errors to their status; anything else is a 500 without internals. */
export function toErrorResponse(error: unknown): Response {
  if (isEngineError(error)) return jsonError(error.status, error.message, error.details);
  if (isDatabaseUnreachable(error))
    return jsonError(503, "the database is unreachable right now; the run goes on, try again shortly");
  console.error(error);
  return jsonError(500, "internal error: see the server log");
}

function authorize(engine: Engine, request: Request, endpoint: Endpoint): Response | null {
  const token = engine.config.authToken;
  if (!token || endpoint.access === "public") return null;
  const offered = (request.headers.get("authorization") ?? "").replace(/^Bearer\s+/i, "");
  if (offered !== "" && sameSecret(offered, token)) return null;
  if (endpoint.access === "report" && offered !== "" && engine.runs.reportTokenScope(offered) !== null)
    return null;
  return jsonError(
    401,
    endpoint.access === "report"
      ? "missing or wrong Authorization: Bearer <PARATRACK_TOKEN or the track's PARATRACK_REPORT_TOKEN>"
      : "missing or wrong Authorization: Bearer <PARATRACK_TOKEN>",
  );
}

function parse(
  schema: z.ZodType | undefined,
  input: unknown,
  where: "path" | "query",
): { ok: true; data: unknown } | { ok: false; response: Response } {
  if (!schema) return { ok: true, data: undefined };
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, data: parsed.data }
    : { ok: false, response: jsonError(where === "path" ? 404 : 400, describeIssues(parsed.error)) };
}

function parseBody(
  endpoint: Endpoint,
  text: string,
): { ok: true; data: unknown } | { ok: false; response: Response } {
  // An error about the body's shape says what the body holds (an object schema's fields).
  const withShape = (error: string) => {
    const shape = bodyShape(endpoint.body!, endpoint.emptyBody !== undefined);
    return jsonError(400, shape ? `${error}; ${shape}` : error);
  };
  let raw: unknown = endpoint.emptyBody;
  if (text.trim() !== "" || endpoint.emptyBody === undefined) {
    try {
      raw = JSON.parse(text);
    } catch {
      return { ok: false, response: withShape("the request body must be JSON") };
    }
  }
  const parsed = endpoint.body!.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const error = describeIssues(parsed.error);
  return {
    ok: false,
    response: isShapeError(parsed.error, raw) ? withShape(error) : jsonError(400, error),
  };
}

/** The body as text, or a 413 as soon as it passes `limit` bytes (a declared length is refused before reading). */
async function readLimitedText(request: Request, limit: number): Promise<string | Response> {
  const tooLarge = () => jsonError(413, `the request body is larger than ${limit} bytes`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return tooLarge();
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return tooLarge();
    }
    chunks.push(value);
  }
  const bytes = Buffer.concat(chunks);
  // JSON is UTF-8: other bytes would silently become U+FFFD in a plan, a command or a report.
  if (!isUtf8(bytes))
    return jsonError(400, "the request body must be JSON in UTF-8; it holds bytes that are not UTF-8");
  return bytes.toString("utf8");
}
