// End-to-end tests: Debian's Chromium against the real production server (booted by e2e/support/server.ts).
// Needs a prior `next build` (E2E_NEXT_DIST_DIR picks its output folder, default .next). No browser download.
import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "./e2e/support/chromium";

const ALONE = ["shared-run.spec.ts"];

const CHROMIUM = {
  browserName: "chromium" as const,
  launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
};

export default defineConfig<object, { database: "default" | "postgresql" }>({
  testDir: "e2e",
  // Two spec files at a time (tests within a file stay in order): each boots its own server on its own port and data
  // dir, and about half of a spec's time is waiting on agents, so two share the 2 cores well (CI's e2e step went
  // from 15-16 min to about 11). The governor specs measure their runs' own budgets, not the machine's memory, so
  // a neighbour's load does not move their zones. PW_WORKERS=1 runs them one at a time.
  workers: Number(process.env.PW_WORKERS ?? 2),
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  // Each test may boot or restart a production server (a few seconds each on 2 cores).
  timeout: 90_000,
  expect: { timeout: 10_000 },
  outputDir: "test-results",
  use: {
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    viewport: { width: 1280, height: 900 },
  },
  projects: [
    { name: "chromium", use: CHROMIUM, testIgnore: ALONE },
    // Specs that time the product's own latency to the second (two servers sharing a run: both pages within 1 s).
    // npm test runs this project on its own after the others, with no neighbour spec taking the CPUs.
    { name: "chromium-alone", use: CHROMIUM, testMatch: ALONE },
    // With the PostgreSQL test server up (scripts/pg/up.sh; npm test does it): a run to its end with the lead's
    // pause, the Gantt, gate ticks, a phase advance and the retrospective, most of what the server stores, written
    // and read back through PostgreSQL. In the same run as the rest, so the two workers share it out.
    ...(process.env.PARATRACK_TEST_POSTGRES_URL
      ? [
          {
            name: "chromium-postgresql",
            testMatch: "plan-vs-actual.spec.ts",
            use: { ...CHROMIUM, database: "postgresql" as const },
          },
        ]
      : []),
  ],
});
