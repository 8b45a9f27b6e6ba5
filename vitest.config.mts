import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: [
      "lib/**/*.test.ts",
      "bin/**/*.test.ts",
      "app/**/*.test.ts",
      "components/**/*.test.ts",
      "tests/**/*.test.ts",
    ],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real processes and servers; on 2 cores, one file at a time keeps them honest.
    fileParallelism: false,
  },
});
