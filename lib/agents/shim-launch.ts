// Starts paratrack-shim for one agent and reads its two JSON lines: the handshake after the start (the agent's
// identity) and the exit record when the agent's leader exits. The shim runs detached (its own session) and is
// not tied to this process: if the server dies, the shim and its agent go on and the exit lands in the exit file.

import { spawn } from "node:child_process";
import type { Socket } from "node:net";
import { z } from "zod";
import type { ExitRecord } from "./exit-file";
import { parseExitRecord } from "./exit-file";
import { type AgentIdentity, agentIdentitySchema } from "./identity";
import { createLineSplitter } from "./line-splitter";

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

const startedSchema = agentIdentitySchema.extend({ type: z.literal("started") });
const errorSchema = z.object({ type: z.literal("error"), error: z.string() });

/** Spawns the shim; resolves after its handshake (or with why the agent could not start). Never throws. */
export function launchShim(options: ShimLaunchOptions): Promise<ShimLaunch> {
  const args = [
    "--log",
    options.logPath,
    "--exit-file",
    options.exitPath,
    "--max-log-bytes",
    String(Math.max(1024, Math.floor(options.maxLogBytes))),
    "--workdir",
    options.workdir,
    ...(options.nice === undefined ? [] : ["--nice", String(options.nice)]),
    "--drain-ms",
    String(options.drainMs ?? 5000),
    "--",
    options.command,
  ];
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
      child = spawn(options.shimPath, args, {
        detached: true,
        stdio: ["ignore", "pipe", "ignore"],
        env: options.env as NodeJS.ProcessEnv, // NODE_ENV is typed as required (Next), not needed here
        cwd: "/",
      });
    } catch (cause) {
      fail(`cannot start ${options.shimPath}: ${cause instanceof Error ? cause.message : String(cause)}`);
      resolveShimExited();
      return;
    }
    timer = setTimeout(() => {
      if (settled) return;
      fail(`paratrack-shim gave no handshake within ${options.handshakeTimeoutMs ?? 15_000} ms`);
      try {
        child.kill("SIGKILL");
      } catch {}
    }, options.handshakeTimeoutMs ?? 15_000);

    child.on("error", (cause) => {
      fail(`cannot start ${options.shimPath}: ${cause.message}`);
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
