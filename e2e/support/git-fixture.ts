// A git repository the coordination e2e tests create (and remove), the scripted agent's command line, and a place
// where agents leave marks (e2e/agents/git-agent.mjs): the time of an edit, or "go on" between tracks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./server";

const AGENT = path.join(REPO_ROOT, "e2e", "agents", "git-agent.mjs");

export type GitFixture = {
  dir: string;
  /** The repository (branch main). */
  repo: string;
  /** Where agents write marks (E2E_MARK_DIR). */
  marks: string;
  /** The agent's command for these steps (no spaces inside a step). */
  agent(...steps: string[]): string;
  git(args: readonly string[], cwd?: string): string;
  /** The time (ms) an agent wrote into a mark, once it exists. */
  mark(name: string): number | null;
  /** A plan file in the fixture's directory; returns its path. */
  writePlan(name: string, yaml: string): string;
  remove(): void;
};

export function createGitFixture(files: Record<string, string>): GitFixture {
  if (/[\s"'\\$`]/.test(AGENT)) throw new Error(`the repo path must not need shell quoting: ${AGENT}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-e2e-git-"));
  const repo = path.join(dir, "repo");
  const marks = path.join(dir, "marks");
  mkdirSync(repo);
  mkdirSync(marks);
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  const git = (args: readonly string[], cwd = repo) =>
    execFileSync("git", args, { cwd, env, encoding: "utf8" }).trim();
  git(["init", "-q", "-b", "main"]);
  git(["config", "user.name", "Paratrack E2E"]);
  git(["config", "user.email", "e2e@paratrack.invalid"]);
  git(["config", "commit.gpgsign", "false"]);
  for (const [file, text] of Object.entries({ "README.md": "# e2e\n", ...files })) {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
  }
  git(["add", "-A"]);
  git(["commit", "-q", "-m", "initial"]);
  return {
    dir,
    repo,
    marks,
    agent: (...steps) => `node ${AGENT} ${steps.join(" ")}`,
    git,
    mark(name) {
      const file = path.join(marks, name);
      return existsSync(file) ? Number(readFileSync(file, "utf8")) : null;
    },
    writePlan(name, yaml) {
      const file = path.join(dir, `${name}.yaml`);
      writeFileSync(file, yaml);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Lines "line 1" … "line n". */
export function numberedLines(n: number): string {
  return `${Array.from({ length: n }, (_, i) => `line ${i + 1}`).join("\n")}\n`;
}
