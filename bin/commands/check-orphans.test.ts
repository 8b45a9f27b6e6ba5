// `paratrack check` and the processes of an ended agent that still run: a real server (ending-crash-fixture.ts) is
// killed during a stop's grace after the agent's leader ended, so its child, which ignores SIGTERM, runs on. While
// no server runs, check names it with what to do, and leaves it running.
import { execFile, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, expect, it } from "vitest";
import { readProcStat } from "../../lib/monitor/process-tree";
import { markedProcesses } from "../../test/support/marked-processes";
import { orphanPlan } from "../../test/support/orphan-plan";

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, "../..");
const fixture = path.join(repoRoot, "lib/engine/run/ending-crash-fixture.ts");

let dir = "";
let mark = "";
afterEach(() => {
  if (mark) for (const pid of markedProcesses(mark)) process.kill(pid, "SIGKILL"); // the orphan, by pid
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function check(dataDir: string, plan: string, ...args: string[]) {
  try {
    const { stdout } = await run(
      process.execPath,
      ["--import", "tsx", "bin/paratrack.ts", "check", plan, "--data-dir", dataDir, ...args],
      { cwd: repoRoot, env: { ...process.env, DATABASE_URL: "" }, timeout: 100_000 },
    );
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? "" };
  }
}

it("names the live processes of agents that had ended, while no server runs, and kills none", async () => {
  dir = mkdtempSync(path.join(tmpdir(), "paratrack-check-orphans-"));
  const dataDir = path.join(dir, "data");
  mark = `check-orphan-${process.pid}-${Date.now()}`;
  const serverPlan = orphanPlan(dataDir, mark);
  mkdirSync(dataDir, { recursive: true });
  const crashed = spawnSync(
    process.execPath,
    ["--import", "tsx", fixture, dataDir, serverPlan, "stop-after-exit"],
    { cwd: repoRoot, encoding: "utf8", timeout: 90_000 },
  );
  expect(crashed.signal, crashed.stderr).toBe("SIGKILL");
  const [orphan, ...others] = markedProcesses(mark, "node");
  expect(others).toEqual([]);
  expect(orphan).toBeGreaterThan(0); // the child outlived its leader and the server

  const plan = path.join(dir, "plan.yaml");
  writeFileSync(plan, "name: next\ntracks:\n  - key: a\n    command: node -e 'process.exit(0)'\n");
  const result = await check(dataDir, plan, "--json");
  expect(result.code).toBe(0); // a warning: worth reading, it does not block
  const output = JSON.parse(result.stdout) as { results: { check: string; message: string }[] };
  expect(output.results.filter((r) => r.check === "agents")).toEqual([
    {
      check: "agents",
      track: null,
      ok: false,
      severity: "warning",
      message: expect.stringContaining(
        `1 process(es) of agents that had ended still run (a Paratrack server stopped during their grace, before its SIGKILL), unwatched: pid ${orphan} (track F, agent `,
      ),
    },
  ]);
  const [warning] = output.results.filter((r) => r.check === "agents");
  expect(warning?.message).toContain("node -e");
  expect(warning?.message).toContain("No Paratrack server runs on this database: the next start of one");
  expect(warning?.message).toContain(`kill ${orphan}, then kill -KILL ${orphan}`);
  expect(markedProcesses(mark, "node")).toEqual([orphan]); // named, not ended

  // The text output says it too.
  const text = await check(dataDir, plan);
  expect(text.stdout).toMatch(/warn +agents +1 process\(es\) of agents that had ended still run/);
  expect(text.stdout.trim().split("\n").at(-1)).toMatch(/: 0 failed, 1 warning, /);

  // While a server owns the database (its owner file names a live process, this one here), its start has swept
  // and its stops end what they leave: check says nothing.
  const owner = path.join(dataDir, "paratrack.db.owner");
  writeFileSync(owner, `${process.pid} ${readProcStat(process.pid)!.startTicks}\n`);
  const owned = await check(dataDir, plan, "--json");
  expect((JSON.parse(owned.stdout) as { results: { check: string }[] }).results).not.toContainEqual(
    expect.objectContaining({ check: "agents" }),
  );
  rmSync(owner);

  // Once it is gone, nothing to say.
  process.kill(orphan!, "SIGKILL");
  await new Promise((resolve) => setTimeout(resolve, 200));
  const after = await check(dataDir, plan, "--json");
  const results = (JSON.parse(after.stdout) as { results: { check: string }[] }).results;
  expect(results.filter((r) => r.check === "agents")).toEqual([]);
}, 180_000);
