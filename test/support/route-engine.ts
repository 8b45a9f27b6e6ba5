// For tests that call route handlers in process: a real engine (SQLite in a temp data dir, real sampling, real
// agents) registered as the process's engine, as server.ts registers it, and a request to a handler as Next makes it.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { Engine } from "../../lib/engine/engine";
import { createRealEngine, type RealEngine } from "../../lib/engine/real-engine";
import { getEngine, registerEngine } from "../../lib/engine/registry";

/** What a test reads of its engine; only inside tests and hooks (the engine is made in beforeAll). */
export type RouteEngine = {
  readonly engine: Engine;
  /** Its database, for a test to set up what no route makes. */
  readonly db: RealEngine["db"];
  readonly dataDir: string;
  /** The id of the run started from `plan`. */
  readonly runId: string;
};

/**
 * Registers beforeAll/afterAll hooks: mkdtemp a data dir named `prefix`…, build the engine with `env`, register it,
 * start it (unless `start: false`) and start a run of `plan` (its text, or made from the data dir) if one is given.
 * Afterwards the engine registered before comes back, the engine is closed (its agents ended) and the dir removed.
 */
export function setUpRouteEngine(options: {
  prefix: string;
  env?: Record<string, string>;
  start?: boolean;
  plan?: string | ((dataDir: string) => string);
}): RouteEngine {
  let real: RealEngine | undefined;
  let dataDir: string | undefined;
  let runId: string | undefined;
  let previous: Engine | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), options.prefix));
    real = createRealEngine({ dataDir, ...(options.env ? { env: options.env } : {}) });
    previous = getEngine();
    registerEngine(real.engine);
    if (options.start === false) return;
    await real.engine.start();
    if (options.plan === undefined) return;
    const source = typeof options.plan === "string" ? options.plan : options.plan(dataDir);
    ({ runId } = await real.engine.runs.startRun({
      source,
      fileName: "plan.yaml",
      baseDir: dataDir,
      planPath: null,
    }));
  }, 60_000);

  afterAll(async () => {
    registerEngine(previous);
    await real?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const made = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`setUpRouteEngine: no ${what} (read it inside a test or hook)`);
    return value;
  };
  return {
    get engine() {
      return made(real, "engine").engine;
    },
    get db() {
      return made(real, "engine").db;
    },
    get dataDir() {
      return made(dataDir, "data dir");
    },
    get runId() {
      if (options.plan === undefined) throw new Error("setUpRouteEngine: no run (it was given no plan)");
      return made(runId, "run");
    },
  };
}

/** A route handler as Next calls it. */
export type Route = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/**
 * Calls `route` in process with a request to http://127.0.0.1:3000`url` (Host header included) and its path params.
 * `body` is sent as JSON, `text` as it is (both as application/json); `headers` add to or replace those.
 */
export function callRoute(
  route: Route,
  url: string,
  init: {
    method?: string;
    params?: Record<string, string>;
    body?: unknown;
    text?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  const text = init.text ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return route(
    new Request(`http://127.0.0.1:3000${url}`, {
      method: init.method ?? "GET",
      headers: {
        host: "127.0.0.1:3000",
        ...(text === undefined ? {} : { "content-type": "application/json" }),
        ...init.headers,
      },
      body: text,
    }),
    { params: Promise.resolve(init.params ?? {}) },
  );
}
