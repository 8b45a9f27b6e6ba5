// Vitest for the governor benchmark's own helpers (the main config only looks in lib/, bin/, app/ and tests/):
//   npx vitest run --config bench/governor-vitest.config.ts
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["bench/governor-*.test.ts"], environment: "node" },
});
