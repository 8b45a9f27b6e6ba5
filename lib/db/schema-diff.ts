import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import { applyMigrations, readMigrations } from "./migrate";

// Development only (db:diff and the "migrations match the schema" test): the server never loads this.
// Prisma's CLI would need its native schema engine, which cannot be downloaded here, so this drives the
// WASM build of the same engine over a JS driver adapter instead.

export type DatabaseProvider = "sqlite" | "postgresql";

export type DiffInput = {
  provider: DatabaseProvider;
  schemaPath: string;
  migrationsDir: string;
  /**
   * An empty database the committed migrations are applied to before diffing; dispose() removes it.
   * Defaults to a temporary SQLite file. PostgreSQL needs one (scratch-postgres.ts) once migrations exist.
   */
  scratch?: ScratchDatabase;
};

/** A throwaway database: migrations are applied to it, then the engine reads it through `adapterFactory`. */
export type ScratchDatabase = {
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  applyMigrations(migrationsDir: string): Promise<void>;
  dispose(): Promise<void>;
};

const NO_FILTERS = { externalTables: [], externalEnums: [] };

/** The SQL that takes a database migrated with `migrationsDir` to `schemaPath`; null when there is nothing to do. */
export async function diffMigrationsToSchema(input: DiffInput): Promise<string | null> {
  const schema = { path: input.schemaPath, content: readFileSync(input.schemaPath, "utf8") };
  const isFirstMigration = readMigrations(input.migrationsDir).length === 0;
  // PostgreSQL's first migration is a diff from nothing and needs no server; SQLite always has its temp file.
  const scratch = input.scratch ?? (input.provider === "sqlite" ? createScratchSqlite() : undefined);
  if (!isFirstMigration && !scratch) {
    throw new Error(
      "Diffing PostgreSQL migrations needs a server to migrate a scratch database on: " +
        "npm run db:diff -- --provider postgresql --scratch-url postgresql://user:password@host:5432/postgres",
    );
  }

  const factory = trackConnections(scratch?.adapterFactory ?? createServerlessPostgresFactory());
  try {
    if (scratch && !isFirstMigration) await scratch.applyMigrations(input.migrationsDir);
    const engine = await createSchemaEngine([schema], factory);
    try {
      const result = await engine.diff({
        from: isFirstMigration
          ? { tag: "empty" }
          : { tag: "schemaDatasource", files: [schema], configDir: "." },
        to: { tag: "schemaDatamodel", files: [schema] },
        script: true,
        // With exitCode the engine reports 2 for a non-empty diff, which is the reliable "something changed".
        exitCode: true,
        filters: NO_FILTERS,
      });
      if (result.exitCode !== 2) return null;
      // From nothing the engine also creates the "public" schema, which `prisma migrate dev` never writes and
      // which fails for roles without CREATE on the database.
      return (result.stdout ?? "").replace(/^-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n/, "");
    } finally {
      engine.free();
    }
  } finally {
    await factory.disposeAll();
    await scratch?.dispose();
  }
}

/** What Prisma's engine makes of a SQLite database's migration history (as `prisma migrate status` would). */
export async function diagnoseSqliteMigrationHistory(input: {
  url: string;
  schemaPath: string;
  migrationsDir: string;
}) {
  const schema = { path: input.schemaPath, content: readFileSync(input.schemaPath, "utf8") };
  const factory = trackConnections(new PrismaBetterSqlite3({ url: input.url }));
  try {
    const engine = await createSchemaEngine([schema], factory);
    try {
      return await engine.diagnoseMigrationHistory({
        migrationsList: toMigrationList(input.migrationsDir),
        optInToShadowDatabase: false,
        filters: NO_FILTERS,
      });
    } finally {
      engine.free();
    }
  } finally {
    await factory.disposeAll();
  }
}

function toMigrationList(migrationsDir: string): MigrationList {
  const lockfile = path.join(migrationsDir, "migration_lock.toml");
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockfile) ? readFileSync(lockfile, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: readMigrations(migrationsDir).map((migration) => ({
      path: migration.name,
      migrationFile: { path: "migration.sql", content: { tag: "ok", value: migration.sql } },
    })),
  };
}

/** A temporary SQLite file migrated with this repo's own migrator (the one the server runs). */
export function createScratchSqlite(): ScratchDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-diff-"));
  const url = `file:${path.join(dir, "scratch.db")}`;
  return {
    adapterFactory: new PrismaBetterSqlite3({ url }),
    applyMigrations: async (migrationsDir) => {
      applyMigrations(url, migrationsDir);
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Diffing from nothing reads no database, but the PostgreSQL connector still asks the server for its version
// on connecting; this answers that one question, so a first migration needs no server.
function createServerlessPostgresFactory(): SqlMigrationAwareDriverAdapterFactory {
  const connect = async (): Promise<SqlDriverAdapter> => ({
    provider: "postgres",
    adapterName: "paratrack-serverless-postgres",
    queryRaw: async (query) => {
      if (!query.sql.includes("server_version_num"))
        throw new Error(`No PostgreSQL server to run: ${query.sql}`);
      return {
        columnNames: ["exists", "version", "numeric_version"],
        columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
        rows: [[true, "PostgreSQL 15.0", 150000]],
      };
    },
    executeRaw: async (query) => {
      throw new Error(`No PostgreSQL server to run: ${query.sql}`);
    },
    executeScript: async (script) => {
      throw new Error(`No PostgreSQL server to run: ${script}`);
    },
    startTransaction: async () => {
      throw new Error("No PostgreSQL server to start a transaction on");
    },
    dispose: async () => {},
  });
  return {
    provider: "postgres",
    adapterName: "paratrack-serverless-postgres",
    connect,
    connectToShadowDb: connect,
  };
}

// The engine opens connections itself and never closes them (the SQLite one even holds an exclusive lock),
// so remember them to dispose of afterwards.
function trackConnections(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const remember = async (connecting: Promise<SqlDriverAdapter>) => {
    const adapter = await connecting;
    opened.push(adapter);
    return adapter;
  };
  const tracked: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => remember(factory.connect()),
    connectToShadowDb: () => remember(factory.connectToShadowDb()),
  };
  return {
    ...tracked,
    disposeAll: async () => {
      await Promise.all(opened.splice(0).map((adapter) => adapter.dispose()));
    },
  };
}

type SchemaEngineModule = typeof import("@prisma/schema-engine-wasm");
let engineModule: Promise<SchemaEngineModule> | undefined;

// wasm-bindgen's glue keeps the instance in module state, so instantiate it once per process.
function loadSchemaEngineModule(): Promise<SchemaEngineModule> {
  engineModule ??= (async () => {
    const glue = await import("@prisma/schema-engine-wasm/schema_engine_bg");
    const packageDir = path.dirname(createRequire(__filename).resolve("@prisma/schema-engine-wasm"));
    const bytes = await readFile(path.join(packageDir, "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports,
    });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue as SchemaEngineModule;
  })();
  return engineModule;
}

async function createSchemaEngine(
  files: { path: string; content: string }[],
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadSchemaEngineModule();
  // The engine's log lines are tracing noise for this use; errors arrive as rejected promises.
  const ignoreLog = () => {};
  return SchemaEngine.new(
    { datamodels: files.map((file): [string, string] => [file.path, file.content]) },
    ignoreLog,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}
