import path from "node:path";
import { defineConfig } from "prisma/config";

// The CLI downloads its native schema engine before every command, and that host is unreachable here.
// Pointing it at a stub skips the download; `prisma generate` never needs the engine. Migrations are
// authored with `npm run db:diff` (WASM engine) and applied at server start by lib/db/migrate.ts.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(
  import.meta.dirname,
  "scripts/prisma-schema-engine-offline.sh",
);

const isPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "");

export default defineConfig({
  schema: isPostgres ? "prisma/postgresql/schema.prisma" : "prisma/schema.prisma",
  migrations: { path: isPostgres ? "prisma/postgresql/migrations" : "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "file:./data/paratrack.db" },
});
