// Two real engines sampling this machine: the page's HTML carries the sample only when the server has no token.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pageSample } from "./page-sample";
import { createRealEngine, type RealEngine } from "./real-engine";

const engines: { real: RealEngine; dir: string }[] = [];
const sampling = async (env: Record<string, string>) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-page-sample-"));
  const real = createRealEngine({ dataDir: dir, env });
  engines.push({ real, dir });
  real.engine.monitor.start();
  await real.engine.monitor.firstSample();
  return real.engine;
};

let open: Awaited<ReturnType<typeof sampling>>;
let guarded: Awaited<ReturnType<typeof sampling>>;
beforeAll(async () => {
  open = await sampling({});
  guarded = await sampling({ PARATRACK_TOKEN: "lead-token" });
}, 30_000);
afterAll(async () => {
  for (const { real, dir } of engines) {
    await real.engine.monitor.stop();
    await real.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

describe("pageSample", () => {
  it("gives the latest sample to the HTML of a server without a token", () => {
    expect(pageSample(open)).toEqual(open.monitor.latest());
    expect(pageSample(open)?.system.totalBytes).toBeGreaterThan(0);
  });

  it("gives nothing to anyone on the network when the server needs a token", () => {
    expect(guarded.monitor.latest()).not.toBeNull();
    expect(pageSample(guarded)).toBeNull();
    expect(pageSample(undefined)).toBeNull();
  });
});
