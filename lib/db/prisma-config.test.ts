import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { loadConfigFromFile } from "@prisma/config";
import { afterEach, describe, expect, it } from "vitest";

describe("prisma.config.ts", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("points the CLI at the offline schema-engine stub, an executable that refuses with a pointer to db:diff", async () => {
    delete process.env.PRISMA_SCHEMA_ENGINE_BINARY;
    const { error } = await loadConfigFromFile({ configRoot: process.cwd() });
    expect(error).toBeUndefined();

    const stub = process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "";
    expect(path.relative(process.cwd(), stub)).toBe("scripts/prisma-schema-engine-offline.sh");
    accessSync(stub, constants.X_OK);
    const run = spawnSync(stub, { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("npm run db:diff");
  });

  it("selects the SQLite or the PostgreSQL schema and migrations from DATABASE_URL", async () => {
    process.env.DATABASE_URL = "file:./data/x.db";
    const sqlite = await loadConfigFromFile({ configRoot: process.cwd() });
    expect(sqlite.config?.schema).toMatch(/prisma\/schema\.prisma$/);
    expect(sqlite.config?.migrations?.path).toMatch(/prisma\/migrations$/);

    process.env.DATABASE_URL = "postgresql://u@localhost/db";
    const postgres = await loadConfigFromFile({ configRoot: process.cwd() });
    expect(postgres.config?.schema).toMatch(/prisma\/postgresql\/schema\.prisma$/);
    expect(postgres.config?.migrations?.path).toMatch(/prisma\/postgresql\/migrations$/);
  });
});
