// Pre-activation checks that look at this machine: every command's program on PATH, workdirs present and
// writable, required environment set, local models installed (Ollama), the critical tracks fit in memory now, the
// git repository of a worktree plan, and Slurm when tracks run on it. Shown before a run starts and by `paratrack check`.
import { execFile } from "node:child_process";
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import {
  checkCriticalFits,
  checkLocalModels,
  checkRequiredEnv,
  failed,
  type PreflightResult,
  passed,
} from "../domain/plan/preflight";
import { checkSlurm, type SlurmProbe, slurmTracksOf } from "../domain/plan/preflight-slurm";
import { listCommandPrograms } from "../domain/plan/shell-command";
import type { Plan, TrackPlan } from "../domain/types";
import { probeSlurm } from "../executors/slurm/probe";
import type { OllamaClient } from "../models/ollama";

const run = promisify(execFile);
const GIT_TIMEOUT_MS = 5_000;

export type PreflightOptions = {
  /** Paratrack's environment: PATH for the lookup, and the required variables. */
  env: Readonly<Record<string, string | undefined>>;
  /** The model server, or null when there is none to ask. */
  ollama: OllamaClient | null;
  /** Memory the tracks may use now (the machine's available memory, or what is left of a budget); null: unknown. */
  memory: { availableBytes: number; source: string } | null;
  /** How Slurm is probed when tracks run on it; default: its commands, SLURM_CONF and slurmctld as `env` has them. */
  probeSlurm?: (env: PreflightOptions["env"]) => Promise<SlurmProbe>;
};

/** All pre-flight checks of a plan, in plan order; never throws (a check that cannot run says so). */
export async function runPreflight(plan: Plan, options: PreflightOptions): Promise<PreflightResult[]> {
  // The normalised plan's repo path is already absolute (resolved against the plan file).
  const repo = plan.repo?.path ?? null;
  const probe = options.probeSlurm ?? ((env) => probeSlurm({ env }));
  const [programs, workdirs, models, gitResults, slurm] = await Promise.all([
    checkPrograms(plan, options.env),
    checkWorkdirs(plan, repo !== null),
    checkModels(plan, options.ollama),
    repo === null ? [] : checkGit(path.resolve(plan.workdir, repo), plan.repo?.base ?? null),
    slurmTracksOf(plan).length === 0 ? [] : probe(options.env).then((found) => checkSlurm(plan, found)),
  ]);
  return [
    ...programs,
    ...workdirs,
    ...checkRequiredEnv(plan, options.env),
    ...models,
    ...checkCriticalFits(plan, options.memory),
    ...gitResults,
    ...slurm,
  ];
}

async function checkPrograms(plan: Plan, env: PreflightOptions["env"]): Promise<PreflightResult[]> {
  const results: PreflightResult[] = [];
  for (const track of plan.tracks) {
    const commands = [
      ...track.agents.map((agent) => ({ label: agent.name, command: agent.command })),
      ...(track.test === null ? [] : [{ label: "test", command: track.test }]),
    ];
    const searchPath = track.env.PATH ?? env.PATH ?? "";
    for (const { label, command } of commands) {
      const { programs, unchecked } = listCommandPrograms(command);
      for (const program of programs) {
        const found = await findProgram(program, track.workdir, searchPath);
        results.push(
          found
            ? passed(
                "program",
                track.key,
                `${label}: ${program} found${found === program ? "" : ` at ${found}`}`,
              )
            : failed(
                "program",
                track.key,
                program.includes("/")
                  ? `${label}: ${program} does not exist or is not executable`
                  : `${label}: ${program} is not on PATH`,
              ),
        );
      }
      for (const word of unchecked) {
        results.push(
          failed("program", track.key, `${label}: ${word} is only known when the command runs`, "info"),
        );
      }
    }
  }
  return results;
}

/** The executable a command word names: a path (relative to the workdir) or the first match on PATH. */
async function findProgram(program: string, workdir: string, searchPath: string): Promise<string | null> {
  if (program.includes("/")) {
    const full = path.resolve(workdir, program);
    return (await isExecutableFile(full)) ? program : null;
  }
  for (const dir of searchPath.split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, program);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return null;
}

async function isExecutableFile(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function checkWorkdirs(plan: Plan, isWorktreePlan: boolean): Promise<PreflightResult[]> {
  const seen = new Map<string, TrackPlan[]>();
  for (const track of plan.tracks) seen.set(track.workdir, [...(seen.get(track.workdir) ?? []), track]);
  const results: PreflightResult[] = [];
  for (const [workdir, tracks] of seen) {
    const who = tracks.map((track) => track.key).join(", ");
    const problem = await describeWorkdirProblem(workdir);
    if (problem === null) results.push(passed("workdir", who, `${workdir} exists and is writable`));
    else if (problem === "missing" && isWorktreePlan) {
      results.push(
        failed("workdir", who, `${workdir} does not exist yet (a worktree may create it)`, "warning"),
      );
    } else results.push(failed("workdir", who, `${workdir} ${problem}`));
  }
  return results;
}

async function describeWorkdirProblem(workdir: string): Promise<string | null> {
  try {
    if (!(await stat(workdir)).isDirectory()) return "is not a directory";
  } catch {
    return "missing";
  }
  try {
    await access(workdir, constants.W_OK | constants.X_OK);
    return null;
  } catch {
    return "is not writable";
  }
}

async function checkModels(plan: Plan, ollama: OllamaClient | null): Promise<PreflightResult[]> {
  if (!plan.tracks.some((track) => track.model.local !== null)) return [];
  if (ollama === null) return checkLocalModels(plan, null, "no model server configured");
  const installed = await ollama.listInstalled();
  return installed.ok
    ? checkLocalModels(
        plan,
        installed.value.map((model) => model.name),
        ollama.baseUrl,
      )
    : checkLocalModels(plan, null, `the model server is not reachable (${installed.error.message})`);
}

async function checkGit(repo: string, base: string | null): Promise<PreflightResult[]> {
  const git = (...args: string[]) =>
    run("git", ["-C", repo, ...args], { timeout: GIT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 });
  try {
    const { stdout } = await git("rev-parse", "--is-inside-work-tree");
    if (stdout.trim() !== "true") return [failed("git", null, `${repo} is not a git work tree`)];
  } catch (error) {
    return [failed("git", null, `${repo} is not a git repository (${firstLine(error)})`)];
  }
  const results: PreflightResult[] = [passed("git", null, `${repo} is a git repository`)];
  if (base?.startsWith("-")) {
    results.push(failed("git", null, `base "${base}" is not a branch, tag or commit name`));
  } else if (base !== null) {
    try {
      await git("rev-parse", "--verify", "--quiet", `${base}^{commit}`);
      results.push(passed("git", null, `base ${base} exists`));
    } catch {
      results.push(failed("git", null, `base ${base} is not a commit in ${repo}`));
    }
  } else {
    // The tracks branch from HEAD: a repository without commits has nothing to branch from (the start refuses it).
    try {
      await git("rev-parse", "--verify", "--quiet", "HEAD^{commit}");
    } catch {
      results.push(
        failed("git", null, `${repo} has no commits yet: commit something for the tracks to branch from`),
      );
    }
  }
  try {
    const { stdout } = await git("status", "--porcelain");
    const changed = stdout.split("\n").filter((line) => line.trim() !== "").length;
    results.push(
      changed === 0
        ? passed("git", null, "the work tree is clean")
        : failed(
            "git",
            null,
            `${changed} uncommitted change${changed === 1 ? "" : "s"} in ${repo}: worktrees start from commits and will not see them`,
            "warning",
          ),
    );
  } catch (error) {
    results.push(failed("git", null, `git status failed (${firstLine(error)})`, "warning"));
  }
  return results;
}

function firstLine(error: unknown): string {
  const failure = error as { stderr?: string; message?: string };
  return (failure.stderr || failure.message || String(error)).trim().split("\n")[0] ?? "";
}
