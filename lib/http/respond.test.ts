// Request bodies in route handlers: JSON, then the schema, every problem named in one 400.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readBody } from "./respond";

const schema = z.object({ reason: z.string().min(1), count: z.number().int().default(1) }).strict();
const post = (body: string) => new Request("http://localhost/api/x", { method: "POST", body });

describe("readBody", () => {
  it("returns the parsed body, defaults applied", async () => {
    expect(await readBody(post('{"reason":"r"}'), schema)).toEqual({
      ok: true,
      data: { reason: "r", count: 1 },
    });
  });

  it("answers 400 for a body that is not JSON", async () => {
    const result = await readBody(post("{nope"), schema);
    if (result.ok) throw new Error("expected a 400");
    expect(result.response.status).toBe(400);
    expect(await result.response.json()).toEqual({ error: "the request body must be JSON" });
  });

  it("names every problem with its path in one 400", async () => {
    const result = await readBody(post('{"reason":"","count":1.5,"extra":true}'), schema);
    if (result.ok) throw new Error("expected a 400");
    const { error } = (await result.response.json()) as { error: string };
    expect(error).toMatch(/^reason: .+; count: .+; .*extra/);
  });

  it("takes an empty body as `emptyBody` only where the route allows it", async () => {
    const lenient = z.object({ by: z.string().optional() });
    expect(await readBody(post(""), lenient, { emptyBody: {} })).toEqual({ ok: true, data: {} });
    const strict = await readBody(post(""), lenient);
    expect(strict.ok).toBe(false);
  });
});
