// The Planner's sources (GET /api/plan/what-if?from=demo|seed) are started and checked as text, without their file:
// their paths come absolute, so the demo loaded in the Planner runs as `--demo` runs it. Real engine, in process.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { validatePlan } from "@/lib/domain/plan/plan-validate";
import type { WhatIfSource } from "@/lib/domain/planner/what-if";
import { callRoute, setUpRouteEngine } from "@/test/support/route-engine";
import { GET } from "./route";

const real = setUpRouteEngine({ prefix: "paratrack-what-if-source-", start: false });

async function sourceFrom(from: "demo" | "seed"): Promise<WhatIfSource> {
  const response = await callRoute(GET, `/api/plan/what-if?from=${from}`);
  expect(response.status).toBe(200);
  return (await response.json()) as WhatIfSource;
}

/** The tracks' workdirs and commands as a start of the editor's text sees them (its base: the server's folder). */
function asStarted(source: string) {
  const validation = validatePlan(source, {
    fileName: "plan.yaml",
    baseDir: "/elsewhere",
    effectiveTotalBytes: null,
  });
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  return validation.plan.tracks;
}

it("serves the demo as --demo starts it: its workspace in the data directory, its agent script by path", async () => {
  const tracks = asStarted((await sourceFrom("demo")).source);
  const workspace = path.join(real.dataDir, "demo-workspace");
  expect(existsSync(workspace)).toBe(true);
  for (const track of tracks) {
    expect(track.workdir).toBe(workspace);
    expect(track.agents[0]!.command).toContain(path.resolve("demo/agent.mjs"));
  }
});

it("serves the seed example with its workdir resolved against its own folder", async () => {
  const tracks = asStarted((await sourceFrom("seed")).source);
  for (const track of tracks) expect(track.workdir).toBe(path.resolve("."));
});
