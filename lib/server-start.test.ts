// server.ts refuses to start on a database it cannot reach: one line naming the database and host (never the
// password), exit code 1, before anything else starts. Needs no build: the database is opened before Next.js.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { closeDb, prepareDatabase } from "./db/client";
import { createRun } from "./db/runs";
import type { Plan } from "./domain/types";

it("exits with a clear message when PostgreSQL is down at start", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-start-"));
  try {
    const started = Date.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: path.resolve(__dirname, ".."),
      env: {
        ...process.env,
        NODE_ENV: "production",
        PORT: "0",
        DATA_DIR: dataDir,
        DATABASE_URL: "postgresql://paratrack:s3cret-password@127.0.0.1:1/paratrack",
        PARATRACK_TOKEN: "",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /^paratrack: failed to start: cannot open the PostgreSQL database paratrack on 127\.0\.0\.1:1 \(DATABASE_URL\): .*ECONNREFUSED/m,
    );
    expect(result.stderr + result.stdout).not.toContain("s3cret-password");
    expect(result.stdout).not.toContain("Paratrack dashboard");
    expect(Date.now() - started).toBeLessThan(60_000);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it("refuses a SQLite database another Paratrack owns before opening or migrating it", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-start-"));
  // The owner: a live Node process whose pid is in the owner file (as a running server's is).
  const owner = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
  try {
    await new Promise((resolve) => owner.once("spawn", resolve));
    writeFileSync(path.join(dataDir, "paratrack.db.owner"), `${owner.pid}\n`);
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts"], {
      cwd: path.resolve(__dirname, ".."),
      env: { ...withoutDatabaseUrl(process.env), NODE_ENV: "production", PORT: "0", DATA_DIR: dataDir },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^paratrack: failed to start: the database is in use by another Paratrack process \\(pid ${owner.pid}`,
        "m",
      ),
    );
    // Not created, let alone migrated, by the refused server.
    expect(existsSync(path.join(dataDir, "paratrack.db"))).toBe(false);
  } finally {
    owner.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it("refuses a plan that cannot start before the web server starts: every problem, exit 1; an unreadable one exit 2", () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-start-"));
  try {
    const plan = path.join(dataDir, "dup.yaml");
    writeFileSync(
      plan,
      "name: dup\ntracks:\n  - key: A\n    command: echo a\n  - key: A\n    command: echo b\n",
    );
    const start = (planPath: string) =>
      spawnSync(process.execPath, ["--import", "tsx", "server.ts", "--plan", planPath], {
        cwd: path.resolve(__dirname, ".."),
        env: { ...withoutDatabaseUrl(process.env), NODE_ENV: "production", PORT: "0", DATA_DIR: dataDir },
        encoding: "utf8",
        timeout: 60_000,
      });
    const invalid = start(plan);
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain(`${plan}:5:10 error tracks[1].key: duplicate track key "A"`);
    expect(invalid.stderr).toContain(`${plan}: invalid plan, nothing started`);
    expect(invalid.stdout).not.toContain("Paratrack dashboard");

    const missing = start(path.join(dataDir, "none.yaml"));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^paratrack: .*none\.yaml/m);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

it("leaves a plan alone while a run from before a restart goes on: the takeover goes ahead whatever the file holds", async () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "paratrack-start-"));
  try {
    const db = await prepareDatabase(`file:${path.join(dataDir, "paratrack.db")}`);
    await createRun(db, {
      id: "r1",
      name: "from before the restart",
      planSource: "name: p\n",
      planPath: null,
      plan: { name: "p", tracks: [] } as unknown as Plan,
      budgetBytes: null,
      schedule: null,
      tracks: [],
    });
    await closeDb();
    const plan = path.join(dataDir, "half-edited.yaml");
    writeFileSync(plan, "name: dup\ntracks:\n  - key: A\n    command: a\n  - key: A\n    command: b\n");
    // No build in this directory: the server gets as far as starting Next.js, past the plan, and stops there.
    const result = spawnSync(process.execPath, ["--import", "tsx", "server.ts", "--plan", plan], {
      cwd: path.resolve(__dirname, ".."),
      env: {
        ...withoutDatabaseUrl(process.env),
        NODE_ENV: "production",
        NEXT_DIST_DIR: ".next-none",
        PORT: "0",
        DATA_DIR: dataDir,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.stderr).not.toContain("invalid plan");
    expect(result.stderr).toContain("paratrack: failed to start: Could not find a production build");
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);

function withoutDatabaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = env;
  return rest;
}
