// Playwright fixtures: `server` (one production server per worker, default settings) and `launchServer`
// (servers of the test's own, with extra env or a plan, stopped when the test ends). Both check on stop that
// no process they started outlived the server. The `database` option (a project's, see playwright.config.ts) puts
// their servers on PostgreSQL.
import { test as base, expect } from "@playwright/test";
import { type RunningServer, type ServerOptions, startServer } from "./server";

type TestFixtures = {
  /** Starts a server for this test only; stopped (and its log attached) when the test ends. */
  launchServer: (options?: ServerOptions) => Promise<RunningServer>;
};

type WorkerFixtures = {
  /** A production server shared by the worker's tests; do not restart it (use launchServer). */
  server: RunningServer;
  /** The servers' database: "postgresql" gives each a throwaway one on the PostgreSQL test server. */
  database: "default" | "postgresql";
};

export const test = base.extend<TestFixtures, WorkerFixtures>({
  database: ["default", { option: true, scope: "worker" }],

  server: [
    async ({ database }, use) => {
      const server = await startServer({ onPostgres: database === "postgresql" });
      try {
        await use(server);
      } finally {
        await server.stop();
      }
    },
    { scope: "worker", timeout: 120_000 },
  ],

  launchServer: async ({ database }, use, testInfo) => {
    const started: RunningServer[] = [];
    await use(async (options) => {
      const server = await startServer({ onPostgres: database === "postgresql", ...options });
      started.push(server);
      return server;
    });
    const errors: unknown[] = [];
    for (const server of started) {
      try {
        await server.stop();
      } catch (error) {
        errors.push(error);
      }
      if (testInfo.status !== testInfo.expectedStatus || errors.length > 0)
        await testInfo.attach(`server-${server.port}.log`, { body: server.log(), contentType: "text/plain" });
    }
    if (errors.length > 0) throw errors[0];
  },
});

export { expect };
