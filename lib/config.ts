// Environment configuration, parsed once at start. A bad value stops the server with one line naming the variable.
import { z } from "zod";
import { parsePositiveSize } from "./domain/units";

export type Config = {
  host: string;
  port: number;
  sampleIntervalMs: number;
  ramBudgetBytes: number | null;
  ramHardFloorBytes: number | null;
  zones: { yellow: number; orange: number; red: number; hysteresis: number };
  databaseUrl: string;
  dataDir: string;
  authToken: string | null;
  /** Extra host names the server answers to (PARATRACK_ALLOWED_HOSTS); loopback names always. */
  allowedHosts: string[];
  /** Directories plan files may be read from by path through the API (PARATRACK_PLAN_DIRS); null = anywhere. */
  planDirs: string[] | null;
  /** What a stop of the server (SIGTERM, Ctrl-C, an upgrade) does to running agents (PARATRACK_ON_SHUTDOWN). */
  onShutdown: "detach" | "stop";
  logLevel: string;
  /** The local model server (Ollama), in OLLAMA_HOST's forms; null: Ollama's default (127.0.0.1:11434). */
  ollamaHost: string | null;
};

export class ConfigError extends Error {}

const percent = (name: string, fallback: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isFinite(n) || n <= 0 || n >= 100) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be a percentage between 0 and 100, got "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const size = (name: string) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return null;
      const budget = parsePositiveSize(value);
      if ("problem" in budget) {
        ctx.addIssue({ code: "custom", message: `${name} ${budget.problem}` });
        return z.NEVER;
      }
      return budget.bytes;
    });

const integer = (name: string, fallback: number, min: number, max: number) =>
  z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      const n = Number(value);
      if (!Number.isInteger(n) || n < min || n > max) {
        ctx.addIssue({
          code: "custom",
          message: `${name} must be an integer from ${min} to ${max}, got "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    });

const envSchema = z.object({
  HOST: z.string().optional(),
  PORT: integer("PORT", 3000, 0, 65535),
  SAMPLE_INTERVAL_MS: integer("SAMPLE_INTERVAL_MS", 1000, 50, 60_000),
  RAM_BUDGET: size("RAM_BUDGET"),
  RAM_HARD_FLOOR: size("RAM_HARD_FLOOR"),
  ZONE_YELLOW: percent("ZONE_YELLOW", 60),
  ZONE_ORANGE: percent("ZONE_ORANGE", 75),
  ZONE_RED: percent("ZONE_RED", 85),
  ZONE_HYSTERESIS: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return 2;
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 10) {
        ctx.addIssue({
          code: "custom",
          message: `ZONE_HYSTERESIS must be a number of points from 0 to 10, got "${value}"`,
        });
        return z.NEVER;
      }
      return n;
    }),
  DATA_DIR: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  PARATRACK_TOKEN: z.string().optional(),
  PARATRACK_ALLOWED_HOSTS: z.string().optional(),
  PARATRACK_PLAN_DIRS: z.string().optional(),
  PARATRACK_ON_SHUTDOWN: z
    .enum(["detach", "stop"], {
      error:
        'PARATRACK_ON_SHUTDOWN must be "detach" (agents keep running, re-attached at the next start) or "stop"',
    })
    .optional(),
  LOG_LEVEL: z.string().optional(),
  OLLAMA_HOST: z.string().optional(),
});

/** The shortest PARATRACK_TOKEN a server listening beyond loopback accepts. */
export const MIN_EXPOSED_TOKEN_LENGTH = 16;

/** Reads the configuration from an environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join("\n"));
  }
  const e = parsed.data;
  if (!(e.ZONE_YELLOW < e.ZONE_ORANGE && e.ZONE_ORANGE < e.ZONE_RED)) {
    throw new ConfigError(
      `ZONE_YELLOW < ZONE_ORANGE < ZONE_RED is required (percentages), got ${e.ZONE_YELLOW} / ${e.ZONE_ORANGE} / ${e.ZONE_RED}`,
    );
  }
  const host = e.HOST ?? "127.0.0.1";
  const authToken = e.PARATRACK_TOKEN && e.PARATRACK_TOKEN.length > 0 ? e.PARATRACK_TOKEN : null;
  if (!isLoopback(host) && authToken === null) {
    throw new ConfigError(
      `HOST=${host} exposes the dashboard beyond this machine: set PARATRACK_TOKEN so that starting, stopping and signalling agents needs authorization`,
    );
  }
  // Beyond loopback anyone on the network may try tokens: a short one is no authorization.
  if (!isLoopback(host) && authToken !== null && authToken.length < MIN_EXPOSED_TOKEN_LENGTH) {
    throw new ConfigError(
      `HOST=${host} exposes the dashboard beyond this machine, and a PARATRACK_TOKEN of ${authToken.length} characters is easy to guess: use at least ${MIN_EXPOSED_TOKEN_LENGTH} random ones (e.g. openssl rand -hex 16)`,
    );
  }
  const dataDir = e.DATA_DIR ?? "data";
  return {
    host,
    port: e.PORT,
    sampleIntervalMs: e.SAMPLE_INTERVAL_MS,
    ramBudgetBytes: e.RAM_BUDGET,
    ramHardFloorBytes: e.RAM_HARD_FLOOR,
    zones: { yellow: e.ZONE_YELLOW, orange: e.ZONE_ORANGE, red: e.ZONE_RED, hysteresis: e.ZONE_HYSTERESIS },
    // Empty (DATABASE_URL= in a shell or unit file) is unset, not a database named "".
    databaseUrl: e.DATABASE_URL ? withoutSqliteParameters(e.DATABASE_URL) : `file:${dataDir}/paratrack.db`,
    dataDir,
    authToken,
    allowedHosts: splitList(e.PARATRACK_ALLOWED_HOSTS, /[,\s]+/),
    // Like PATH: directories separated by ":".
    planDirs: e.PARATRACK_PLAN_DIRS ? splitList(e.PARATRACK_PLAN_DIRS, /:/) : null,
    // Agents' work outlives the dashboard: a crash, restart or upgrade of Paratrack never ends them unless asked.
    onShutdown: e.PARATRACK_ON_SHUTDOWN ?? "detach",
    logLevel: e.LOG_LEVEL ?? "info",
    ollamaHost: e.OLLAMA_HOST?.trim() ? e.OLLAMA_HOST.trim() : null,
  };
}

/**
 * A SQLite URL without its query: Prisma's parameters (`?connection_limit=1`, `socket_timeout`) mean nothing to the
 * driver Paratrack opens the file with, which would take them for part of the file's name. Every user of the URL
 * (the owner lock, the migrations, the client) then names the same file.
 */
function withoutSqliteParameters(url: string): string {
  return url.startsWith("file:") ? url.replace(/\?.*$/, "") : url;
}

/** The entries of a list variable, trimmed, empty ones dropped. */
function splitList(value: string | undefined, separator: RegExp): string[] {
  return (value ?? "")
    .split(separator)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  return host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
