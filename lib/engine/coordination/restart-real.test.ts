// A real server restart of a run with a repository: real engine, real agents under the shim, real git. The first
// engine stops leaving its agents running (detach); the next one on the same data directory takes the run over with
// its worktrees, reads a change made after the restart and pauses the agents it re-attached (SIGSTOP, state T in
// /proc), and the daily status API answers for the live run (JSON and YAML alike, and the day's file).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { GET as dayFile } from "@/app/api/runs/[id]/status/[date]/route";
import { GET as trackStatus } from "@/app/api/tracks/[key]/status/route";
import { until } from "../../../test/support/until";
import { parseDailyStatus } from "../../domain/coordination/daily-status";
import { createTestRepo, type TestRepo } from "../../git/test-repo";
import { createRealEngine, type RealEngine } from "../real-engine";
import { registerEngine } from "../registry";

const TOKEN = "restart-real-test-token-0123456789";
let engine: RealEngine | null = null;
let repo: TestRepo | null = null;
let dataDir: string | null = null;
afterEach(async () => {
  registerEngine(undefined);
  await engine?.close();
  engine = null;
  repo?.remove();
  repo = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

function start(dir: string): Promise<RealEngine> {
  const real = createRealEngine({ dataDir: dir, env: { SAMPLE_INTERVAL_MS: "250", PARATRACK_TOKEN: TOKEN } });
  registerEngine(real.engine);
  return real.engine.start().then(() => real);
}

function procState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? null;
  } catch {
    return null;
  }
}

const get = (url: string, accept = "application/json") =>
  new Request(`http://127.0.0.1:3000${url}`, { headers: { authorization: `Bearer ${TOKEN}`, accept } });

it("takes the run over with its worktrees after a detached stop, pauses re-attached agents on a conflict, and answers the status API", async () => {
  repo = createTestRepo("paratrack-restart-real-");
  dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-restart-real-data-"));
  engine = await start(dataDir);
  const agent = `sh -c 'echo "::progress 40"; exec sleep 300'`;
  await engine.engine.runs.startRun({
    source: `name: restart-real
ram: { budget: 2GB }
workdir: ${repo.root}
repo: ${repo.root}
tracks:
  - key: A
    ram: 20MB
    scope: ["src/**"]
    command: ${agent}
  - key: B
    ram: 20MB
    scope: ["docs/**"]
    command: ${agent}
`,
    fileName: "plan.yaml",
    baseDir: dataDir,
    planPath: null,
  });
  const views = () => engine!.engine.runs.trackViews();
  const view = (key: string) => views().find((t) => t.key === key)!;
  await until(
    () => views().every((t) => t.status === "running" && t.progress === 40),
    "both tracks run and report",
  );
  const worktrees = { A: view("A").git!.worktree, B: view("B").git!.worktree };
  const pids = (key: string) =>
    engine!.engine.runs.agentSlots(key).flatMap((a) => a.handle?.treePids() ?? []);
  const before = { A: pids("A"), B: pids("B") };

  // The server stops leaving its agents running, and the next one takes the run over.
  registerEngine(undefined);
  await engine.engine.stop({ agents: "detach" });
  await engine.db.$disconnect();
  engine = await start(dataDir);
  expect(views().map((t) => [t.key, t.status, t.git?.worktree])).toEqual([
    ["A", "running", worktrees.A],
    ["B", "running", worktrees.B],
  ]);
  expect(pids("A")).toEqual(before.A);

  // The API of the live run answers (before, the coordination of a taken-over run said "no run is live").
  const json = await trackStatus(get("/api/tracks/A/status"), { params: Promise.resolve({ key: "A" }) });
  expect(json.status, await json.clone().text()).toBe(200);
  const document = await json.json();
  expect(parseDailyStatus(document)).toMatchObject({ ok: true });
  expect(document).toMatchObject({ track: "A", progress_percent: 40 });
  const yaml = await trackStatus(get("/api/tracks/A/status", "application/yaml"), {
    params: Promise.resolve({ key: "A" }),
  });
  expect(yaml.headers.get("content-type")).toMatch(/^application\/yaml/);
  // The same document (built again: its RAM figure may have moved with a sample in between).
  const [fromYaml] = parseAllDocuments(await yaml.text()).map((d) => d.toJS());
  expect(parseDailyStatus(fromYaml)).toMatchObject({ ok: true });
  expect({ ...fromYaml, resource_usage: null }).toEqual({ ...document, resource_usage: null });

  // A writes into B's scope after the restart: the new server's own poller sees it and SIGSTOPs A's re-attached agent.
  repo.write("docs/notes.md", "A's notes\n", worktrees.A);
  await until(() => view("A").status === "paused", "A paused for its scope violation");
  expect(view("A").pausedBy).toBe("conflict");
  await until(() => before.A.every((pid) => procState(pid) === "T"), "A's processes stopped (T)", 5_000);
  expect(before.B.every((pid) => procState(pid) === "S" || procState(pid) === "R")).toBe(true);
  const [conflict] = await engine.engine.coordination.conflicts();
  expect(conflict).toMatchObject({ kind: "scope-violation", state: "open", files: ["docs/notes.md"] });

  // The day's documents as one YAML file to download.
  const [day] = await engine.engine.runs.coordination.generateStatus();
  const file = await dayFile(get(`/api/runs/current/status/${day!.date}`, "application/yaml"), {
    params: Promise.resolve({ id: "current", date: day!.date }),
  });
  expect(file.status, await file.clone().text()).toBe(200);
  expect(file.headers.get("content-disposition")).toBe(
    `attachment; filename="paratrack-status-${day!.date}.yaml"`,
  );
  const documents = parseAllDocuments(await file.text()).map((d) => d.toJS());
  expect(documents.map((d) => [d.track, parseDailyStatus(d).ok])).toEqual([
    ["A", true],
    ["B", true],
  ]);
}, 120_000);
