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
    // Two files at a time, one per core: the integration files spend most of their time waiting on real agents
    // and servers (the whole run took 498 s instead of 678 s one at a time). VITEST_ONE_FILE=1 runs one file at a
    // time: for files that share a service (the Slurm cluster), or to tell a test that fails only beside another.
    fileParallelism: process.env.VITEST_ONE_FILE !== "1",
    maxWorkers: process.env.VITEST_ONE_FILE === "1" ? 1 : 2,
  },
});
