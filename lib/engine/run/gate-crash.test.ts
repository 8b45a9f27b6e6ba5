// kill -9 of the server while a track's quality gate runs: the test goes on as an orphan, and its verdict can no
// longer be read. The next server runs the gate again; the orphan must not run beside it. Real engine, a real
// SQLite file, a real test process left behind by a server that really died.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { until } from "../../../test/support/until";
import { listRunEvents } from "../../db/events";
import { createRealEngine, type RealEngine } from "../real-engine";

let engine: RealEngine | null = null;
let dataDir: string | null = null;
let orphan: number | null = null;
afterEach(async () => {
  await engine?.close();
  engine = null;
  if (orphan !== null && running(orphan)) process.kill(orphan, "SIGKILL");
  orphan = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

/** Alive and not a zombie waiting for a parent that does not reap (the orphan's parent is whatever adopted it). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

it("a quality gate cut off by kill -9 runs again, and what the old one left running is ended first", async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-gate-crash-"));
  // The first run of the test writes its pid and sleeps (the server dies meanwhile); the one after passes at once.
  const test = `if [ -e gate.pid ]; then echo again; exit 0; fi; echo $$ > gate.pid.tmp; mv gate.pid.tmp gate.pid; exec sleep 120`;
  const plan = `name: gate-crash
ram: { budget: 2GB }
tracks:
  - key: F
    ram: 20MB
    command: 'true'
    test: '${test}'
`;
  const crashed = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "ending-crash-fixture.ts"), dataDir, plan, "gate"],
    { cwd: path.resolve(__dirname, "../../.."), encoding: "utf8", timeout: 90_000 },
  );
  expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
  orphan = Number(readFileSync(path.join(dataDir, "gate.pid"), "utf8"));
  expect(running(orphan)).toBe(true); // the server is gone, its test is not

  engine = createRealEngine({ dataDir, env: { SAMPLE_INTERVAL_MS: "250" } });
  await engine.engine.start();
  const run = engine.engine.runs.activeRun()!;
  const track = () => run.tracks.get("F")!;
  await until(() => track().testStatus === "passed", "the gate runs again and passes");
  expect(running(orphan)).toBe(false);
  const [ended] = await listRunEvents(engine.db, run.id, ["track:test-orphans"]);
  expect(ended?.details).toEqual({ pids: [orphan], killed: [] });
  expect(ended?.message).toContain(`pid ${orphan}`);
}, 120_000);
