// A SQLite DATABASE_URL with Prisma's parameters (`file:/x/pt.db?connection_limit=1`) names the file before the "?":
// the server's start (config, owner lock, private files, migrations, client) works on that one file, and nothing
// creates a file whose name holds the query.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { loadConfig } from "../config";
import { claimDatabase } from "../engine/owner-lock";
import { keepDataPrivate } from "../security/private-data";
import { createSqliteClient, type PrismaClient } from "./client";

let dir: string;
let client: PrismaClient | null = null;
let release: (() => void) | null = null;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-sqlite-url-"));
});
afterEach(async () => {
  await client?.$disconnect();
  release?.();
  client = null;
  release = null;
  rmSync(dir, { recursive: true, force: true });
});

it("reads DATABASE_URL's file without the query, so every part of the start names the same file", () => {
  const file = path.join(dir, "d", "pt.db");
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: `file:${file}?connection_limit=1` });
  expect(config.databaseUrl).toBe(`file:${file}`);
  expect(loadConfig({ DATABASE_URL: "postgresql://u:p@h/db?sslmode=require" }).databaseUrl).toBe(
    "postgresql://u:p@h/db?sslmode=require",
  );
});

it("starts on such a URL as the server does: the client opens the migrated file, and no file is named after the query", async () => {
  const file = path.join(dir, "d", "pt.db");
  const config = loadConfig({ DATA_DIR: dir, DATABASE_URL: `file:${file}?connection_limit=1` });
  release = claimDatabase(config.databaseUrl, config.dataDir);
  keepDataPrivate(config.dataDir, config.databaseUrl);
  client = createSqliteClient(config.databaseUrl);
  expect(await client.run.count()).toBe(0);
  expect(readdirSync(path.dirname(file)).filter((name) => name.includes("?"))).toEqual([]);
  expect(readdirSync(path.dirname(file))).toContain("pt.db.owner");
});

it("opens the migrated file even when a caller passes the URL with its query", async () => {
  const file = path.join(dir, "pt.db");
  client = createSqliteClient(`file:${file}?connection_limit=1`);
  // Before: the migrations ran on pt.db, the client opened "pt.db?connection_limit=1" (no tables).
  expect(await client.run.count()).toBe(0);
  expect(readdirSync(dir).filter((name) => name.includes("?"))).toEqual([]);
});
