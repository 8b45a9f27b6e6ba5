// The route wrapper in process, over a real engine (SQLite in a temp dir, not started): guard, token, parsing,
// limits and error mapping, the same for every route.
import os from "node:os";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { setUpRouteEngine } from "../../test/support/route-engine";
import { endpoint } from "../contracts/endpoint";
import { ConflictError } from "../engine/errors";
import { handle } from "./handle";

setUpRouteEngine({
  prefix: "paratrack-handle-",
  env: { PARATRACK_TOKEN: "lead-token-long-enough" },
  start: false,
});

const echo = endpoint({
  method: "POST",
  path: "/api/echo/{key}",
  summary: "test",
  access: "token",
  params: z.object({ key: z.string().regex(/^[A-Z]$/) }),
  query: z.object({ n: z.coerce.number().int().max(5).optional() }),
  body: z.strictObject({ text: z.string().max(10) }),
  maxBodyBytes: 100,
});
const route = handle(echo, ({ params, query, body }) => ({
  key: params.key,
  n: query.n ?? null,
  text: body.text,
}));

const call = (
  init: {
    body?: string;
    headers?: Record<string, string>;
    key?: string;
    search?: string;
    method?: string;
  } = {},
) =>
  route(
    new Request(`http://127.0.0.1:3000/api/echo/${init.key ?? "A"}${init.search ?? ""}`, {
      method: init.method ?? "POST",
      headers: {
        "content-type": "application/json",
        authorization: "Bearer lead-token-long-enough",
        ...init.headers,
      },
      body: init.body ?? '{"text":"hi"}',
    }),
    { params: Promise.resolve({ key: init.key ?? "A" }) },
  );

describe("handle", () => {
  it("answers a valid request with the handler's value", async () => {
    const response = await call({ search: "?n=3" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ key: "A", n: 3, text: "hi" });
  });

  it.each([
    ["no token", { headers: { authorization: "" } }, 401],
    ["a wrong token", { headers: { authorization: "Bearer nope" } }, 401],
    ["a foreign Host", { headers: { host: "evil.example" } }, 403],
    ["a foreign Origin", { headers: { origin: "http://localhost:9999" } }, 403],
    ["a text/plain body", { headers: { "content-type": "text/plain" } }, 415],
    ["a bad path parameter", { key: "abc" }, 404],
    ["a bad query", { search: "?n=9" }, 400],
    ["a body that is not JSON", { body: "{nope" }, 400],
    ["an unknown field", { body: '{"text":"x","extra":1}' }, 400],
    ["a body over the limit", { body: JSON.stringify({ text: "x".repeat(200) }) }, 413],
  ])("refuses %s with its status and an error message", async (_what, init, status) => {
    const response = await call(init);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ error: expect.any(String) });
  });

  it("says what the body holds when its shape is wrong: not JSON, not an object, an unknown or a missing field", async () => {
    for (const body of ["{nope", "[1]", '{"text":"x","extra":1}', "{}"]) {
      const response = await call({ body });
      expect(response.status, body).toBe(400);
      const { error } = (await response.json()) as { error: string };
      expect(error, body).toContain('the body is a JSON object with "text"');
    }
    // A wrong value of a known field is told as such, without the shape.
    const tooLong = await call({ body: JSON.stringify({ text: "x".repeat(11) }) });
    expect(tooLong.status).toBe(400);
    expect(((await tooLong.json()) as { error: string }).error).toMatch(/^text: (?!.*the body is)/);
  });

  it("tells which fields are optional, and to send {} when there are none", async () => {
    const options = endpoint({
      ...echo,
      body: z.strictObject({ mode: z.enum(["a", "b"]).optional(), text: z.string() }),
      emptyBody: undefined,
    });
    const none = endpoint({ ...echo, body: z.strictObject({}), emptyBody: {} });
    const post = (target: typeof route, body: string) =>
      target(
        new Request("http://127.0.0.1:3000/api/echo/A", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: "Bearer lead-token-long-enough" },
          body,
        }),
        { params: Promise.resolve({ key: "A" }) },
      );
    const errorOf = async (response: Response) => ((await response.json()) as { error: string }).error;
    expect(
      await errorOf(
        await post(
          handle(options, () => ({})),
          '{"zzz":1}',
        ),
      ),
    ).toContain('the body is a JSON object with "text" and optional "mode"');
    const empty = handle(none, () => ({}));
    expect(await errorOf(await post(empty, '{"zzz":1}'))).toBe(
      'Unrecognized key: "zzz"; the body takes no fields: send {} or nothing',
    );
    expect((await post(empty, "")).status).toBe(200);
  });

  it("refuses a body that is not UTF-8 instead of turning its bytes into U+FFFD", async () => {
    const latin1 = Buffer.concat([Buffer.from('{"text":"caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
    const response = await route(
      new Request("http://127.0.0.1:3000/api/echo/A", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer lead-token-long-enough" },
        body: latin1,
      }),
      { params: Promise.resolve({ key: "A" }) },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: expect.stringContaining("UTF-8") });
    // Real UTF-8 (é is 0xC3 0xA9) is accepted.
    expect((await call({ body: '{"text":"café"}' })).status).toBe(200);
  });

  it("maps engine errors to their status and hides anything else behind a 500", async () => {
    const conflict = handle(echo, () => {
      throw new ConflictError("the state does not allow it");
    });
    const crash = handle(echo, () => {
      throw new Error("secret internals at /home/lead/.env");
    });
    const request = () =>
      new Request("http://127.0.0.1:3000/api/echo/A", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: "Bearer lead-token-long-enough" },
        body: '{"text":"hi"}',
      });
    const ctx = { params: Promise.resolve({ key: "A" }) };
    expect((await conflict(request(), ctx)).status).toBe(409);
    const crashed = await crash(request(), ctx);
    expect(crashed.status).toBe(500);
    expect(JSON.stringify(await crashed.json())).not.toContain("/home/lead");
  });

  it("accepts a track's report-only token on report endpoints only", async () => {
    const reportEndpoint = endpoint({ ...echo, access: "report" });
    const report = handle(reportEndpoint, () => ({ ok: true }));
    const withToken = (token: string, target: typeof route) =>
      target(
        new Request("http://127.0.0.1:3000/api/echo/A", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: '{"text":"hi"}',
        }),
        { params: Promise.resolve({ key: "A" }) },
      );
    // No run yet: there is no report token to accept.
    expect((await withToken("anything", report)).status).toBe(401);
    expect((await withToken("lead-token-long-enough", report)).status).toBe(200);
  });
});

describe("handle on a server listening on every address", () => {
  // Registered over the file's engine for this block; the file's comes back after it.
  setUpRouteEngine({
    prefix: "paratrack-handle-all-",
    env: { HOST: "0.0.0.0", PARATRACK_TOKEN: "lead-token-long-enough" },
    start: false,
  });

  // server.ts's guard lets the machine's own names through with HOST=0.0.0.0; the routes must too, or the
  // dashboard opened at http://<machine>:<port> gets its pages and socket but a 403 on every API call.
  it("accepts the machine's own name and addresses, as the front guard does", async () => {
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((entry) => entry && entry.family === "IPv4" && !entry.internal)?.address;
    for (const host of [os.hostname(), ...(address ? [address] : [])]) {
      const response = await call({ headers: { host: `${host}:3000` } });
      expect(response.status, host).toBe(200);
    }
    expect((await call({ headers: { host: "evil.example:3000" } })).status).toBe(403);
  });
});
