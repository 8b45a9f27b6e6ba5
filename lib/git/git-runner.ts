// Runs git without a shell, with a timeout, and turns every failure into a GitError naming the command and git's words.
import { execFile } from "node:child_process";
import { statSync } from "node:fs";

/** What went wrong, so callers (and the UI) can react without parsing messages. */
export type GitErrorCode =
  | "git-not-found"
  | "no-such-directory"
  | "git-too-old"
  | "timeout"
  | "output-too-large"
  | "failed"
  | "not-a-repository"
  | "unknown-revision"
  | "invalid-branch-name"
  | "branch-exists"
  | "path-exists"
  | "worktree-missing"
  | "worktree-locked"
  | "not-merged"
  | "dirty-worktree";

/** A git failure: `command` is what ran (as a shell would show it), `gitMessage` what git said on stderr. */
export class GitError extends Error {
  readonly code: GitErrorCode;
  readonly command: string;
  readonly exitCode: number | null;
  readonly gitMessage: string;

  constructor(
    code: GitErrorCode,
    message: string,
    details: { command?: string; exitCode?: number | null; gitMessage?: string } = {},
  ) {
    super(message);
    this.name = "GitError";
    this.code = code;
    this.command = details.command ?? "";
    this.exitCode = details.exitCode ?? null;
    this.gitMessage = details.gitMessage ?? "";
  }
}

export function isGitError(error: unknown): error is GitError {
  return error instanceof GitError;
}

export type GitResult = { stdout: string; stderr: string; exitCode: number };

export type GitRunOptions = {
  /** Directory git runs in (`git -C`). */
  cwd: string;
  /** Exit codes that are answers rather than failures (merge-tree's 1 = conflicts); 0 is always accepted. */
  okExitCodes?: readonly number[];
  timeoutMs?: number;
};

/** The one way Paratrack calls git; built once by the engine, given to every lib/git function. */
export type GitRunner = {
  /** The git executable. */
  binary: string;
  run(args: readonly string[], options: GitRunOptions): Promise<GitResult>;
};

/** How a child process is run and its end reported, in execFile's terms (the default is execFile itself). */
export type ExecFile = (
  binary: string,
  args: readonly string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeout: number; maxBuffer: number },
  done: (error: ExecFailure | null, stdout: string, stderr: string) => void,
) => void;

/** What execFile's error says: the errno or exit code, whether the timeout killed it, the signal. */
export type ExecFailure = {
  code?: string | number | null;
  killed?: boolean;
  signal?: string | null;
  message: string;
};

export type CreateGitOptions = {
  /** git executable (default "git" on PATH). */
  binary?: string;
  /** Runs the child (default: execFile in this thread; lib/git/git-thread.ts runs it in a worker thread). */
  exec?: ExecFile;
  /** Per-command timeout (default 60 s): a hung git (a lock, a slow disk) must not stall a poll forever. */
  timeoutMs?: number;
  /** Output larger than this is an error rather than memory use without bound (default 64 MiB). */
  maxBufferBytes?: number;
};

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_BUFFER = 64 * 1024 * 1024;

// Inherited from a parent git (a hook, `git rebase -x`), these would point every command at another repository.
const REPOSITORY_ENV = [
  "GIT_DIR",
  "GIT_WORK_TREE",
  "GIT_INDEX_FILE",
  "GIT_COMMON_DIR",
  "GIT_OBJECT_DIRECTORY",
  "GIT_ALTERNATE_OBJECT_DIRECTORIES",
  "GIT_PREFIX",
  "GIT_NAMESPACE",
];

/** A GitRunner over `execFile` (no shell). */
export function createGit(options: CreateGitOptions = {}): GitRunner {
  const binary = options.binary ?? "git";
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBuffer = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER;
  const exec = options.exec ?? execFileHere;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPOSITORY_ENV) delete env[name];
  Object.assign(env, {
    // Stable, parseable messages.
    LC_ALL: "C",
    LANGUAGE: "C",
    // Never wait for a password or an editor.
    GIT_TERMINAL_PROMPT: "0",
    GIT_EDITOR: ":",
    GIT_MERGE_AUTOEDIT: "no",
    // Polls must not take index.lock (git status refreshes the index): the agent's own git commands would fail.
    GIT_OPTIONAL_LOCKS: "0",
  });
  return {
    binary,
    run(args, runOptions) {
      const fullArgs = ["-c", "color.ui=false", "-c", "core.quotePath=false", ...args];
      const command = formatCommand(binary, runOptions.cwd, args);
      const timeout = runOptions.timeoutMs ?? defaultTimeout;
      return new Promise((resolve, reject) => {
        exec(binary, fullArgs, { cwd: runOptions.cwd, env, timeout, maxBuffer }, (error, stdout, stderr) => {
          if (!error) {
            resolve({ stdout, stderr, exitCode: 0 });
            return;
          }
          const failure = error;
          const gitMessage = stderr.trim();
          if (failure.code === "ENOENT") {
            // ENOENT is also what a missing cwd gives; say which.
            reject(
              existsDirSync(runOptions.cwd)
                ? new GitError(
                    "git-not-found",
                    `${command}: cannot run ${binary}: not found (is git installed and on PATH?)`,
                    { command },
                  )
                : new GitError(
                    "no-such-directory",
                    `${command}: directory ${runOptions.cwd} does not exist`,
                    {
                      command,
                    },
                  ),
            );
            return;
          }
          if (failure.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") {
            reject(
              new GitError("output-too-large", `${command}: output larger than ${maxBuffer} bytes`, {
                command,
              }),
            );
            return;
          }
          if (failure.killed) {
            reject(
              new GitError("timeout", `${command}: no answer within ${timeout} ms (killed)`, {
                command,
                gitMessage,
              }),
            );
            return;
          }
          const exitCode = typeof failure.code === "number" ? failure.code : null;
          if (exitCode !== null && runOptions.okExitCodes?.includes(exitCode)) {
            resolve({ stdout, stderr, exitCode });
            return;
          }
          reject(
            new GitError(
              classify(gitMessage),
              `${command} failed (exit ${exitCode ?? failure.signal ?? "?"}): ${gitMessage || failure.message}`,
              { command, exitCode, gitMessage },
            ),
          );
        });
      });
    },
  };
}

/** execFile in this thread. */
export const execFileHere: ExecFile = (binary, args, options, done) => {
  execFile(binary, args, { ...options, encoding: "utf8", windowsHide: true }, (error, stdout, stderr) =>
    done(error, stdout, stderr),
  );
};

function classify(gitMessage: string): GitErrorCode {
  if (/not a git repository/i.test(gitMessage)) return "not-a-repository";
  if (/unknown revision|bad revision|not a valid object name|needed a single revision/i.test(gitMessage)) {
    return "unknown-revision";
  }
  return "failed";
}

function existsDirSync(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** `git -C <cwd> <args>` with arguments quoted where a shell would need it (for messages only). */
export function formatCommand(binary: string, cwd: string, args: readonly string[]): string {
  const quote = (arg: string) => (/^[\w@%+=:,./^~-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, "'\\''")}'`);
  return [binary, "-C", quote(cwd), ...args.map(quote)].join(" ");
}
