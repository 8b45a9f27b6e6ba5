// Starts paratrack-shim for one agent and reads its two JSON lines: the handshake after the start (the agent's
// identity) and the exit record when the agent's leader exits. The shim runs detached (its own session) and is
// not tied to this process: if the server dies, the shim and its agent go on and the exit lands in the exit file.
// attachShim starts one that takes over a running agent whose shim was killed (paratrack-shim --attach).

import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { z } from "zod";
import type { ExitRecord } from "./exit-file";
import { parseExitRecord } from "./exit-file";
import { type AgentIdentity, agentIdentitySchema } from "./identity";
import { createLineSplitter } from "./line-splitter";
import { locateShim } from "./shim-binary";

/** The log's size cap before it rotates to <log>.1, unless the launch says otherwise. */
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

export type ShimLaunchOptions = {
  shimPath: string;
  /** Run as /bin/sh -c <command> in workdir, with env. */
  command: string;
  workdir: string;
  env: Record<string, string | undefined>;
  logPath: string;
  exitPath: string;
  maxLogBytes: number;
  /** 0–19; absent: the agent keeps the server's niceness. */
  nice?: number;
  /** How long the shim keeps reading after the leader exits while descendants hold its pipes; default 5 s. */
  drainMs?: number;
  /** Give up on a shim that says nothing for this long; default 15 s. */
  handshakeTimeoutMs?: number;
};

export type ShimSession = {
  identity: AgentIdentity;
  /** The shim's exit line; null when the shim ended or went silent without one (then read the exit file). */
  exitLine: Promise<ExitRecord | null>;
  /** Resolves when the shim process itself has exited. */
  shimExited: Promise<void>;
  /** Stops the shim from keeping this process alive (it does while the agent runs, like any child). */
  release(): void;
};

export type ShimLaunch =
  | { kind: "started"; session: ShimSession }
  | { kind: "failed"; error: string; record: ExitRecord | null };

export type ShimAttachOptions = {
  shimPath: string;
  /** The running agent's leader, as recorded (its start time guards against a reused pid). */
  pid: number;
  startTicks: number;
  logPath: string;
  exitPath: string;
  maxLogBytes: number;
  drainMs?: number;
  handshakeTimeoutMs?: number;
};

const startedSchema = agentIdentitySchema.extend({ type: z.literal("started") });
const errorSchema = z.object({ type: z.literal("error"), error: z.string() });

/** The options a fresh shim and one that takes over share: its files, the log's cap, the drain. */
function fileArgs(options: {
  logPath: string;
  exitPath: string;
  maxLogBytes: number;
  drainMs?: number;
}): string[] {
  return [
    "--log",
    options.logPath,
    "--exit-file",
    options.exitPath,
    "--max-log-bytes",
    String(Math.max(1024, Math.floor(options.maxLogBytes))),
    "--drain-ms",
    String(options.drainMs ?? 5000),
  ];
}

/** Spawns the shim; resolves after its handshake (or with why the agent could not start). Never throws. */
export function launchShim(options: ShimLaunchOptions): Promise<ShimLaunch> {
  const args = [
    ...fileArgs(options),
    "--workdir",
    options.workdir,
    ...(options.nice === undefined ? [] : ["--nice", String(options.nice)]),
    "--",
    options.command,
  ];
  return runShim(options.shimPath, args, options.env, options.handshakeTimeoutMs ?? 15_000);
}

/**
 * Spawns a shim that takes over the running agent (its log, its exit file, the new shim's identity in the
 * handshake); "failed" when the agent has ended or another shim still serves it. Never throws.
 */
export function attachShim(options: ShimAttachOptions): Promise<ShimLaunch> {
  const args = [
    ...fileArgs(options),
    "--attach",
    String(options.pid),
    "--attach-start-ticks",
    String(options.startTicks),
  ];
  return runShim(options.shimPath, args, {}, options.handshakeTimeoutMs ?? 15_000);
}

/** How a handle has a killed shim replaced: the same binary (or the default one) attached to the agent. */
export function shimTakeover(files: {
  logPath: string;
  exitPath: string;
  maxLogBytes: number;
  shimPath?: string;
}): (identity: AgentIdentity) => Promise<ShimLaunch> {
  return (identity) => {
    const shim = locateShim(files.shimPath);
    if ("error" in shim) return Promise.resolve({ kind: "failed", error: shim.error, record: null });
    return attachShim({ ...files, shimPath: shim.path, pid: identity.pid, startTicks: identity.startTicks });
  };
}

function runShim(
  shimPath: string,
  args: string[],
  env: Record<string, string | undefined>,
  handshakeTimeoutMs: number,
): Promise<ShimLaunch> {
  return new Promise<ShimLaunch>((resolve) => {
    let settled = false;
    let resolveExitLine!: (record: ExitRecord | null) => void;
    const exitLine = new Promise<ExitRecord | null>((done) => {
      resolveExitLine = done;
    });
    let resolveShimExited!: () => void;
    const shimExited = new Promise<void>((done) => {
      resolveShimExited = done;
    });
    // Declared before anything can fail: a spawn that throws at once (a NUL in an argument) settles before the timer is set.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settle = (outcome: ShimLaunch) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (error: string, record: ExitRecord | null = null) => {
      settle({ kind: "failed", error, record });
      resolveExitLine(record);
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(shimPath, args, {
        detached: true,
        stdio: ["ignore", "pipe", "ignore"],
        env: env as NodeJS.ProcessEnv, // NODE_ENV is typed as required (Next), not needed here
        cwd: "/",
      });
    } catch (cause) {
      fail(`cannot start ${shimPath}: ${cause instanceof Error ? cause.message : String(cause)}`);
      resolveShimExited();
      return;
    }
    timer = setTimeout(() => {
      if (settled) return;
      fail(`paratrack-shim gave no handshake within ${handshakeTimeoutMs} ms`);
      try {
        child.kill("SIGKILL");
      } catch {}
    }, handshakeTimeoutMs);

    child.on("error", (cause) => {
      fail(`cannot start ${shimPath}: ${cause.message}`);
      resolveShimExited();
    });
    child.on("exit", (code, signal) => {
      resolveShimExited();
      if (!settled) fail(`paratrack-shim exited before its handshake (${signal ?? `code ${code}`})`);
    });
    const stdout = child.stdout as Socket | null;
    const release = () => {
      child.unref();
      stdout?.unref();
    };

    const splitter = createLineSplitter();
    const onLine = (line: string) => {
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        return; // not ours to understand; the shim writes only JSON lines
      }
      const type = (json as { type?: unknown } | null)?.type;
      if (type === "started") {
        const parsed = startedSchema.safeParse(json);
        if (!parsed.success) return fail(`paratrack-shim sent a malformed handshake: ${line}`);
        const { type: _type, ...identity } = parsed.data;
        settle({ kind: "started", session: { identity, exitLine, shimExited, release } });
      } else if (type === "exit") {
        const { type: _type, ...rest } = json as Record<string, unknown>;
        const parsed = parseExitRecord(JSON.stringify(rest));
        const record = "record" in parsed ? parsed.record : null;
        if (!settled) return fail(record?.error ?? "the agent exited before it started", record);
        resolveExitLine(record);
      } else if (type === "error") {
        const parsed = errorSchema.safeParse(json);
        fail(parsed.success ? parsed.data.error : `paratrack-shim failed: ${line}`);
      }
    };
    stdout?.on("data", (chunk: Buffer) => {
      for (const line of splitter.push(chunk)) onLine(line);
    });
    stdout?.on("close", () => {
      for (const line of splitter.end()) onLine(line);
      resolveExitLine(null);
    });
  });
}
