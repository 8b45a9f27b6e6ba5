// Boots the real production server (server.ts, NODE_ENV=production, a prior `next build`) on a free port with a
// throwaway data dir, for the e2e specs and the benchmarks. Every process it starts carries a unique tag in its
// environment (agents inherit it), so stop() can prove nothing of ours is left running.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createScratchDatabase, e2eOnPostgres, requireTestPostgresUrl } from "./postgres";

export const REPO_ROOT = path.resolve(__dirname, "../..");

/** Name of the environment variable that marks every process started for one server. */
export const TAG_VARIABLE = "PARATRACK_E2E_TAG";

export type ServerOptions = {
  /** Extra environment for the server (RAM_BUDGET, SAMPLE_INTERVAL_MS, ...). */
  env?: Record<string, string>;
  /** Extra command-line arguments for server.ts, e.g. ["--plan", "demo/demo-plan.yaml"]. */
  args?: string[];
  /** Next.js output folder of the production build; default E2E_NEXT_DIST_DIR or ".next". */
  distDir?: string;
  /** Reuse this data dir instead of a fresh temporary one (it is then not deleted). */
  dataDir?: string;
  /** How long to wait for GET /api/health; default 60 s. */
  readyTimeoutMs?: number;
  /** A throwaway database on the PostgreSQL test server instead of a SQLite file; default E2E_DATABASE. */
  onPostgres?: boolean;
};

export type RunningServer = {
  baseURL: string;
  port: number;
  dataDir: string;
  /** Combined stdout and stderr of every start, also in <dataDir>/server.log. */
  logPath: string;
  /** The instanceId reported by /api/health for the current process (it changes on restart). */
  instanceId(): string | null;
  pid(): number | null;
  /** Live processes started for this server: the server itself and every agent (they inherit its env). */
  processes(): TaggedProcess[];
  /** SIGTERM, wait for the exit, start again on the same port with the same data dir. */
  restart(): Promise<void>;
  /** kill -9 of the server process only (its agents live on under their shims); start() brings it back. */
  kill(): Promise<void>;
  /** Starts the server again after kill(), on the same port and data dir. */
  start(): Promise<void>;
  /** SIGTERM (SIGKILL after a grace period), then fail if any process we started is still alive. */
  stop(): Promise<void>;
  log(): string;
};

/** Variables from the caller's shell that would change what the server does; tests set them explicitly. */
const SCRUBBED_ENV = [
  "HOST",
  "PORT",
  "DATA_DIR",
  "DATABASE_URL",
  "RAM_BUDGET",
  "RAM_HARD_FLOOR",
  "SAMPLE_INTERVAL_MS",
  "ZONE_YELLOW",
  "ZONE_ORANGE",
  "ZONE_RED",
  "ZONE_HYSTERESIS",
  "PARATRACK_TOKEN",
  "PARATRACK_ALLOWED_HOSTS",
  "PARATRACK_PLAN_DIRS",
  "PARATRACK_ON_SHUTDOWN",
  "OLLAMA_HOST",
  "NEXT_DIST_DIR",
];

const STOP_GRACE_MS = 25_000;
const LEFTOVER_GRACE_MS = 10_000;

/** A port nobody listens on right now, from the kernel. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error("no free port"))));
    });
  });
}

/** Starts server.ts and resolves once /api/health answers { ok: true }. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const distDir = options.distDir ?? process.env.E2E_NEXT_DIST_DIR ?? ".next";
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "paratrack-e2e-"));
  const logPath = path.join(dataDir, "server.log");
  const logFile = createWriteStream(logPath, { flags: "a" });
  const tag = `e2e-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const port = await findFreePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let logText = "";
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let instanceId: string | null = null;
  let stopped = false;

  // On PostgreSQL (E2E_DATABASE=postgresql, or the project's option): a throwaway database on its test server.
  const scratch =
    options.env?.DATABASE_URL === undefined && (options.onPostgres || e2eOnPostgres())
      ? await createScratchDatabase(requireTestPostgresUrl())
      : null;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED_ENV) delete env[key];
  Object.assign(env, {
    NODE_ENV: "production",
    NEXT_DIST_DIR: distDir,
    HOST: "127.0.0.1",
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: scratch?.url ?? `file:${path.join(dataDir, "paratrack.db")}`,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "info",
    NEXT_TELEMETRY_DISABLED: "1",
    // Tests own their agents: a stop of the server ends them (a test that wants them to outlive it says so).
    PARATRACK_ON_SHUTDOWN: "stop",
    ...options.env,
    [TAG_VARIABLE]: tag,
  });

  const append = (chunk: Buffer | string) => {
    const text = chunk.toString();
    logText = (logText + text).slice(-200_000);
    logFile.write(text);
  };

  // Exit guard: a crashed runner must not leave a production server behind.
  const killOnExit = () => {
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", killOnExit);

  async function launch(): Promise<void> {
    append(`\n=== starting server.ts on ${baseURL} (${new Date().toISOString()}) ===\n`);
    // node --import tsx runs server.ts in this one process, so its PID is the server (no npx/tsx wrapper).
    const proc = spawn(process.execPath, ["--import", "tsx", "server.ts", ...(options.args ?? [])], {
      cwd: REPO_ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    proc.stdout?.on("data", append);
    proc.stderr?.on("data", append);
    exited = new Promise((resolve) => {
      proc.once("exit", (code, signal) => {
        append(`=== server exited (code ${code}, signal ${signal}) ===\n`);
        resolve();
      });
    });
    instanceId = await waitForHealth(proc, options.readyTimeoutMs ?? 60_000);
  }

  async function waitForHealth(proc: ChildProcess, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(`server.ts exited before it was ready:\n${tail(logText)}`);
      try {
        const response = await fetch(`${baseURL}/api/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.ok) {
          const body = (await response.json()) as { ok?: boolean; instanceId?: string };
          if (body.ok === true) return body.instanceId ?? "";
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    await terminate();
    throw new Error(`server.ts did not answer /api/health within ${timeoutMs} ms:\n${tail(logText)}`);
  }

  async function terminate(): Promise<void> {
    const proc = child;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill("SIGTERM");
    const graceful = await Promise.race([exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
    if (!graceful) {
      append(`=== no exit ${STOP_GRACE_MS} ms after SIGTERM: SIGKILL ===\n`);
      proc.kill("SIGKILL");
      await exited;
    }
  }

  const server: RunningServer = {
    baseURL,
    port,
    dataDir,
    logPath,
    instanceId: () => instanceId,
    pid: () => child?.pid ?? null,
    processes: () => findTaggedProcesses(tag),
    log: () => logText,
    async restart() {
      if (stopped) throw new Error("restart() after stop()");
      await terminate();
      await launch();
    },
    async kill() {
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) return;
      proc.kill("SIGKILL");
      await exited;
    },
    async start() {
      if (stopped) throw new Error("start() after stop()");
      await launch();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      try {
        await terminate();
        await reapLeftovers(tag);
      } finally {
        process.off("exit", killOnExit);
        await scratch?.drop();
        await new Promise<void>((resolve) => logFile.end(resolve));
        if (ownsDataDir && !process.env.E2E_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };

  try {
    await launch();
  } catch (error) {
    stopped = true;
    await reapLeftovers(tag).catch(() => undefined);
    await scratch?.drop().catch(() => undefined);
    process.off("exit", killOnExit);
    logFile.end();
    throw error;
  }
  return server;
}

export type TaggedProcess = { pid: number; command: string; run: string | null; track: string | null };

/** Processes whose environment carries this tag: the server and everything it spawned (agents inherit env). */
export function findTaggedProcesses(tag: string): TaggedProcess[] {
  const marker = `${TAG_VARIABLE}=${tag}`;
  const found: TaggedProcess[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let environ: string[];
    try {
      environ = readFileSync(`/proc/${entry}/environ`, "latin1").split("\0");
    } catch {
      continue; // gone, or not ours to read
    }
    if (!environ.includes(marker)) continue;
    const value = (name: string) =>
      environ.find((v) => v.startsWith(`${name}=`))?.slice(name.length + 1) ?? null;
    let command = "";
    try {
      command = readFileSync(`/proc/${entry}/cmdline`, "latin1").split("\0").join(" ").trim();
    } catch {
      // exited meanwhile
    }
    found.push({
      pid: Number(entry),
      command,
      run: value("PARATRACK_RUN"),
      track: value("PARATRACK_TRACK"),
    });
  }
  return found;
}

/** Waits for our tagged processes to end; kills (by PID) and reports any that outlive the server. */
async function reapLeftovers(tag: string): Promise<void> {
  const deadline = Date.now() + LEFTOVER_GRACE_MS;
  let left = findTaggedProcesses(tag);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(200);
    left = findTaggedProcesses(tag);
  }
  if (left.length === 0) return;
  for (const p of left) {
    try {
      process.kill(p.pid, "SIGCONT");
      process.kill(p.pid, "SIGKILL");
    } catch {
      // exited between the scan and the kill
    }
  }
  const list = left
    .map((p) => `  pid ${p.pid} run=${p.run ?? "-"} track=${p.track ?? "-"}: ${p.command}`)
    .join("\n");
  throw new Error(
    `${left.length} process(es) started by the server outlived it by ${LEFTOVER_GRACE_MS} ms (killed now):\n${list}`,
  );
}

function tail(text: string, lines = 40): string {
  return text.split("\n").slice(-lines).join("\n");
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
