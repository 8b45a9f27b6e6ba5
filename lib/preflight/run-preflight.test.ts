import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type OllamaStandIn, startOllamaStandIn } from "../../test/support/ollama-stand-in";
import { formatPlanIssues, validatePlan } from "../domain/plan/plan-validate";
import type { PreflightResult } from "../domain/plan/preflight";
import type { Plan } from "../domain/types";
import { createOllamaClient } from "../models/ollama";
import { runPreflight } from "./run-preflight";

const GB = 1e9;
let dir = "";
let bin = "";
let standIn: OllamaStandIn;

function planIn(baseDir: string, lines: string[]): Plan {
  const result = validatePlan(lines.join("\n"), { fileName: "p.yaml", baseDir, effectiveTotalBytes: null });
  if (!result.ok) throw new Error(formatPlanIssues(result.errors).join("\n"));
  return result.plan;
}

const brief = (results: PreflightResult[]) =>
  results.map(
    (result) =>
      `${result.ok ? "ok" : result.severity} ${result.check} ${result.track ?? "-"}: ${result.message}`,
  );

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "paratrack-preflight-"));
  bin = path.join(dir, "bin");
  mkdirSync(bin);
  mkdirSync(path.join(dir, "work"));
  writeFileSync(path.join(bin, "fake-claude"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  writeFileSync(path.join(bin, "not-executable"), "data\n", { mode: 0o644 });
  writeFileSync(path.join(dir, "work", "run.sh"), "#!/bin/sh\nexit 0\n", { mode: 0o755 });
  writeFileSync(path.join(dir, "a-file"), "not a directory\n");
  standIn = await startOllamaStandIn({ installed: [{ name: "codellama:34b", sizeBytes: 19 * GB }] });
});

afterAll(async () => {
  await standIn.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("runPreflight", () => {
  it("checks programs on PATH and by path, workdirs, environment, models and memory", async () => {
    const plan = planIn(dir, [
      "name: pre",
      "tracks:",
      "  - key: A",
      "    priority: critical",
      "    ram: 2GB",
      "    workdir: work",
      "    model: codellama:34b",
      "    requiresEnv: [PREFLIGHT_TEST_KEY]",
      "    command: PREFLIGHT=1 fake-claude -p x --output-format stream-json && ./run.sh",
      "    test: not-executable --check",
      "  - key: B",
      "    workdir: a-file",
      "    model: llama3",
      "    command: cd . && nowhere-to-be-found --go; $AGENT",
    ]);
    const results = await runPreflight(plan, {
      env: { PATH: bin, PREFLIGHT_TEST_KEY: "secret-value-123" },
      ollama: createOllamaClient({ host: standIn.host }),
      memory: { availableBytes: 3 * GB, source: "MemAvailable" },
    });
    expect(brief(results)).toEqual([
      `ok program A: A: fake-claude found at ${path.join(bin, "fake-claude")}`,
      "ok program A: A: ./run.sh found",
      "error program A: test: not-executable is not on PATH",
      "error program B: B: nowhere-to-be-found is not on PATH",
      "info program B: B: $AGENT is only known when the command runs",
      `ok workdir A: ${path.join(dir, "work")} exists and is writable`,
      `error workdir B: ${path.join(dir, "a-file")} is not a directory`,
      "ok env A: PREFLIGHT_TEST_KEY is set",
      "error model B: local model llama3:latest is not installed (ollama pull llama3:latest)",
      "ok model A: local model codellama:34b is installed",
      "ok memory A: needs 2.00 GB, 3.00 GB available (MemAvailable)",
    ]);
    expect(JSON.stringify(results)).not.toContain("secret-value-123");
  });

  it("notes once that local models were not checked when the model server does not answer in time", async () => {
    const plan = planIn(dir, [
      "name: m",
      "tracks:",
      "  - { key: A, command: fake-claude, model: codellama:34b }",
    ]);
    standIn.delayMs = 5_000;
    try {
      const results = await runPreflight(plan, {
        env: { PATH: bin },
        ollama: createOllamaClient({ host: standIn.host, timeoutMs: 300 }),
        memory: null,
      });
      const models = results.filter((result) => result.check === "model");
      expect(models).toHaveLength(1);
      expect(models[0]).toMatchObject({ ok: false, severity: "info" });
      expect(models[0]?.message).toMatch(
        /^local models not checked: the model server is not reachable .*no answer within 300 ms/,
      );
    } finally {
      standIn.delayMs = 0;
    }
  });
});

describe("runPreflight on a worktree plan (repo, base)", () => {
  let repo = "";

  beforeAll(() => {
    repo = path.join(dir, "repo");
    mkdirSync(repo);
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: repo,
        env: {
          ...process.env,
          GIT_AUTHOR_NAME: "t",
          GIT_AUTHOR_EMAIL: "t@e",
          GIT_COMMITTER_NAME: "t",
          GIT_COMMITTER_EMAIL: "t@e",
        },
      });
    git("init", "-q", "-b", "main");
    writeFileSync(path.join(repo, "README"), "hello\n");
    git("add", "README");
    git("commit", "-q", "-m", "first");
  });

  const gitPlan = (repoPath: string, base: string | null): Plan => ({
    ...planIn(dir, ["name: g", "tracks:", "  - { key: A, command: fake-claude }"]),
    repo: { path: repoPath, base },
  });
  const gitResults = async (plan: Plan) =>
    brief(
      (await runPreflight(plan, { env: { PATH: bin }, ollama: null, memory: null })).filter(
        (r) => r.check === "git",
      ),
    );

  it("passes a clean repository with its base", async () => {
    expect(await gitResults(gitPlan(repo, "main"))).toEqual([
      `ok git -: ${repo} is a git repository`,
      "ok git -: base main exists",
      "ok git -: the work tree is clean",
    ]);
  });

  it("fails a missing base or an option-like one, and warns about uncommitted changes", async () => {
    writeFileSync(path.join(repo, "README"), "changed\n");
    try {
      expect(await gitResults(gitPlan(repo, "release-9"))).toEqual([
        `ok git -: ${repo} is a git repository`,
        `error git -: base release-9 is not a commit in ${repo}`,
        `warning git -: 1 uncommitted change in ${repo}: worktrees start from commits and will not see them`,
      ]);
      expect((await gitResults(gitPlan(repo, "--output=/tmp/x")))[1]).toBe(
        'error git -: base "--output=/tmp/x" is not a branch, tag or commit name',
      );
    } finally {
      writeFileSync(path.join(repo, "README"), "hello\n");
    }
  });

  it("fails a repository without commits (the tracks would have nothing to branch from)", async () => {
    const empty = path.join(dir, "empty-repo");
    mkdirSync(empty);
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: empty });
    expect(await gitResults(gitPlan(empty, null))).toEqual([
      `ok git -: ${empty} is a git repository`,
      `error git -: ${empty} has no commits yet: commit something for the tracks to branch from`,
      "ok git -: the work tree is clean",
    ]);
    expect(await gitResults(gitPlan(repo, null))).toEqual([
      `ok git -: ${repo} is a git repository`,
      "ok git -: the work tree is clean",
    ]);
  });

  it("fails a directory that is not a repository, and skips git without a repo field", async () => {
    const results = await gitResults(gitPlan(path.join(dir, "work"), null));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatch(/^error git -: .*work is not a git repository \(fatal: not a git repository/);
    const plain = planIn(dir, ["name: g", "tracks:", "  - { key: A, command: fake-claude }"]);
    expect(await gitResults(plain)).toEqual([]);
  });
});

// Root may write anywhere, so this case only runs for an ordinary user.
describe.skipIf(process.getuid?.() === 0)("runPreflight as an unprivileged user", () => {
  it("fails a workdir that is not writable", async () => {
    const locked = path.join(dir, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const plan = planIn(dir, ["name: w", "tracks:", "  - { key: A, command: fake-claude, workdir: locked }"]);
    const results = await runPreflight(plan, { env: { PATH: bin }, ollama: null, memory: null });
    expect(brief(results)).toContain(`error workdir A: ${locked} is not writable`);
  });
});
