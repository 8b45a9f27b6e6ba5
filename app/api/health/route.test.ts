// GET /api/health says whether the database answers: ok and "available" while it does; while the engine's writes
// cannot be made (here SQLite refusing writes, as a file system remounted read-only does) ok false and
// "unavailable", still with HTTP 200 (the server and its governor go on); available again once the writes are made.
import { expect, it } from "vitest";
import { healthSchema } from "@/lib/contracts/views/runs";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as health from "./route";

const real = setUpRouteEngine({ prefix: "paratrack-health-", env: { SAMPLE_INTERVAL_MS: "100" } });

async function ask() {
  const response = await callRoute(health.GET as Route, "/api/health");
  return { status: response.status, body: healthSchema.parse(await response.json()) };
}

async function until(check: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it("says whether the database answers, with HTTP 200 either way", async () => {
  expect(await ask()).toMatchObject({ status: 200, body: { ok: true, database: "available" } });

  await real.db.$queryRawUnsafe("PRAGMA query_only = ON");
  try {
    await until(async () => (await ask()).body.database === "unavailable", "the outage seen");
    expect(await ask()).toMatchObject({ status: 200, body: { ok: false, database: "unavailable" } });
    expect(real.engine.health()).toMatchObject({ ok: false, database: "unavailable" });
  } finally {
    await real.db.$queryRawUnsafe("PRAGMA query_only = OFF");
  }
  await until(async () => (await ask()).body.ok, "the return seen");
  expect((await ask()).body).toMatchObject({ ok: true, database: "available" });
});
