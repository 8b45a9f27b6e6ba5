// The Planner's sources (GET /api/plan/what-if?from=demo|seed) are started and checked as text, without their file:
// their paths come absolute, so the demo loaded in the Planner runs as `--demo` runs it. Real engine, in process.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { validatePlan } from "@/lib/domain/plan/plan-validate";
import type { WhatIfSource } from "@/lib/domain/planner/what-if";
import { createRealEngine, type RealEngine } from "@/lib/engine/real-engine";
import { registerEngine } from "@/lib/engine/registry";
import { GET } from "./route";

let real: RealEngine;
let dataDir: string;
beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-what-if-source-"));
  real = createRealEngine({ dataDir });
  registerEngine(real.engine);
});
afterAll(async () => {
  await real.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function sourceFrom(from: "demo" | "seed"): Promise<WhatIfSource> {
  const response = await GET(
    new Request(`http://127.0.0.1:3000/api/plan/what-if?from=${from}`, {
      headers: { host: "127.0.0.1:3000" },
    }),
    { params: Promise.resolve({}) },
  );
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
  const workspace = path.join(dataDir, "demo-workspace");
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
