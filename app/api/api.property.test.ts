// Property tests of every request body the API accepts: whatever arrives (JSON or not, any shape, any size up to
// the limits), the answer is a 4xx with a message or a success, never a 5xx and never slower than 2 s. The route
// handlers run in process over a real engine (SQLite file, real memory sampling; no run is started).
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, type Route, setUpRouteEngine } from "@/test/support/route-engine";
import * as governor from "./governor/route";
import * as whatIf from "./plan/what-if/route";
import * as ticks from "./runs/[id]/phases/[phase]/ticks/route";
import * as advance from "./runs/[id]/phases/advance/route";
import * as retrospective from "./runs/[id]/retrospective/route";
import * as runs from "./runs/route";
import * as action from "./tracks/[key]/[action]/route";
import * as report from "./tracks/[key]/report/route";

const RUNS = Number(process.env.PROPERTY_RUNS ?? 1000);

const real = setUpRouteEngine({ prefix: "paratrack-property-" });
beforeAll(async () => {
  // The plan worker loads once (seconds on a loaded machine); the 2 s bound is about each request after that.
  await real.engine.plans.warm();
}, 60_000);

/** Any body text: JSON of any shape, JSON-looking text, or plain text. */
const anyBody = (fields: fc.Arbitrary<Record<string, unknown>>) =>
  fc.oneof(
    fc.jsonValue().map((value) => JSON.stringify(value)),
    fields.map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 200 }),
    fc.constant(""),
  );

const planText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc
    .record(
      {
        name: fc.oneof(fc.string(), fc.integer()),
        tracks: fc.array(
          fc.record(
            {
              key: fc.string({ maxLength: 8 }),
              ram: fc.oneof(fc.string({ maxLength: 8 }), fc.integer()),
              duration: fc.string({ maxLength: 6 }),
              dependsOn: fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
              command: fc.constant("true"),
            },
            { requiredKeys: [] },
          ),
          { maxLength: 4 },
        ),
        ram: fc.record({ budget: fc.string({ maxLength: 8 }) }, { requiredKeys: [] }),
      },
      { requiredKeys: [] },
    )
    .map((plan) => `# property test\n${JSON.stringify(plan)}`),
);

async function check(
  route: Route,
  method: string,
  url: string,
  params: Record<string, string>,
  body: string,
) {
  const started = Date.now();
  const response = await callRoute(route, url, { method, params, text: body });
  const elapsed = Date.now() - started;
  expect(elapsed, `${method} ${url} took ${elapsed} ms for ${body.slice(0, 80)}`).toBeLessThan(2000);
  expect(response.status, `${method} ${url} ${body.slice(0, 120)}`).toBeLessThan(500);
  if (response.status >= 400) {
    const answer = (await response.json()) as { error?: unknown };
    expect(typeof answer.error).toBe("string");
    expect(String(answer.error).length).toBeGreaterThan(0);
  }
}

const key = fc.oneof(fc.constantFrom("A", "B", "zz"), fc.string({ maxLength: 70 }));

describe("every POST/PUT body gets a 4xx with a message or a success, never a 5xx, never a hang", () => {
  it("POST /api/runs", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody(
          fc.record(
            { path: fc.string({ maxLength: 60 }), plan: planText, budget: fc.string({ maxLength: 12 }) },
            { requiredKeys: [] },
          ),
        ),
        (body) => check(runs.POST as Route, "POST", "/api/runs", {}, body),
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("POST /api/plan/what-if", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(fc.record({ plan: planText }, { requiredKeys: [] })), (body) =>
        check(whatIf.POST as Route, "POST", "/api/plan/what-if", {}, body),
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("POST /api/tracks/:key/:action", async () => {
    await fc.assert(
      fc.asyncProperty(
        key,
        fc.oneof(fc.constantFrom("pause", "resume", "stop", "restart"), fc.string({ maxLength: 10 })),
        anyBody(fc.record({ reason: fc.string() }, { requiredKeys: [] })),
        (k, verb, body) =>
          check(action.POST as Route, "POST", "/api/tracks/x/y", { key: k, action: verb }, body),
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("POST /api/tracks/:key/report", async () => {
    const reportFields = fc.record(
      {
        track: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
        progress_percent: fc.oneof(fc.double(), fc.integer(), fc.string({ maxLength: 4 })),
        status: fc.oneof(fc.constantFrom("on-track", "at-risk", "blocked"), fc.string({ maxLength: 6 })),
        completed_today: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 3 }),
        blockers: fc.array(
          fc.record({
            blocker: fc.string(),
            severity: fc.string({ maxLength: 8 }),
            resolution_plan: fc.string(),
          }),
          { maxLength: 2 },
        ),
        resource_usage: fc.record({ ram_gb: fc.double(), model: fc.string(), duration_hours: fc.integer() }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(key, anyBody(reportFields), (k, body) =>
        check(report.POST as Route, "POST", "/api/tracks/x/report", { key: k }, body),
      ),
      { numRuns: RUNS },
    );
  }, 300_000);

  it("POST /api/governor", async () => {
    await fc.assert(
      fc.asyncProperty(anyBody(fc.record({ enabled: fc.jsonValue() }, { requiredKeys: [] })), (body) =>
        check(governor.POST as Route, "POST", "/api/governor", {}, body),
      ),
      { numRuns: RUNS },
    );
    // Leave the governor as it was found: on.
    await real.engine.runs.setGovernorEnabled(true, "lead");
  }, 300_000);

  it("POST /api/runs/:id/phases/:phase/ticks and /advance, PUT /api/runs/:id/retrospective", async () => {
    const id = fc.oneof(fc.constant("current"), fc.string({ maxLength: 110 }));
    await fc.assert(
      fc.asyncProperty(
        id,
        fc.oneof(fc.constantFrom("1", "2", "5"), fc.string({ maxLength: 3 })),
        anyBody(
          fc.record(
            {
              itemKey: fc.string(),
              checked: fc.jsonValue(),
              note: fc.string(),
              override: fc.record({ reason: fc.string() }, { requiredKeys: [] }),
              entries: fc.array(fc.record({ section: fc.string({ maxLength: 12 }), text: fc.string() }), {
                maxLength: 3,
              }),
            },
            { requiredKeys: [] },
          ),
        ),
        async (runId, phase, body) => {
          await check(ticks.POST as Route, "POST", "/api/runs/x/phases/1/ticks", { id: runId, phase }, body);
          await check(advance.POST as Route, "POST", "/api/runs/x/phases/advance", { id: runId }, body);
          await check(retrospective.PUT as Route, "PUT", "/api/runs/x/retrospective", { id: runId }, body);
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
