// Composes the Paratrack process: Next.js + Socket.IO on one port, the engine, graceful shutdown.
import os from "node:os";
import path from "node:path";
import next from "next";
import { type Config, ConfigError, loadConfig } from "./lib/config";
import { ENDPOINTS } from "./lib/contracts";
import { closeDb, isPostgresUrl, prepareDatabase } from "./lib/db/client";
import { listUnfinishedRuns } from "./lib/db/runs";
import { formatPreflight } from "./lib/domain/plan/preflight";
import { assembleEngine } from "./lib/engine/assemble";
import { PlanRejectedError, PreflightFailedError } from "./lib/engine/errors";
import { claimDatabase } from "./lib/engine/owner-lock";
import { readDemoPlan, readPlanFile } from "./lib/engine/plan-files";
import { precheckPlanFile, printIssues } from "./lib/engine/plan-precheck";
import { getEngine, registerServerStop } from "./lib/engine/registry";
import { canShareRun, startEngineRole } from "./lib/engine/roles/engine-role";
import type { ShutdownMode } from "./lib/engine/run/shutdown";
import { apiRouteChecker } from "./lib/http/api-routes";
import { guardedListener } from "./lib/http/guarded-listener";
import { createHttpServer } from "./lib/http/http-server";
import { serverHostNames } from "./lib/http/server-hosts";
import { dashboardLine, serverUrls } from "./lib/http/server-urls";
import { createLogger } from "./lib/logger";
import { keepAliveOnUnhandledRejection } from "./lib/process-guard";
import { attachPostgresAdapter } from "./lib/realtime/postgres-adapter";
import { createRealtimeServer } from "./lib/realtime/server";
import { createPeerUserCheck } from "./lib/security/peer-user";
import { checkDataDir, keepDataPrivate } from "./lib/security/private-data";
import { forgetServerSecrets } from "./lib/security/secret";
import { parseServerArgs } from "./lib/server-args";
import { onStopSignals } from "./lib/stop-signals";

async function main() {
  let config: Config;
  let args: ReturnType<typeof parseServerArgs>;
  try {
    config = loadConfig(process.env);
    args = parseServerArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`paratrack: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  keepAliveOnUnhandledRejection((reason) =>
    logger.error({ err: reason }, "unhandled promise rejection; going on"),
  );
  const dev = process.env.NODE_ENV !== "production";

  // DATA_DIR is created here (mode 700), or refused before anything is written into it when other users may write
  // to it (/tmp and the like).
  checkDataDir(config.dataDir);
  // One engine per SQLite database, claimed before anything opens or migrates it: a second server (a new version
  // started beside the old one) is refused without touching the first one's database.
  if (!isPostgresUrl(config.databaseUrl)) claimDatabase(config.databaseUrl, config.dataDir);
  // The plan's env values, the agents' logs, the lock: this user's only, whatever the umask.
  const tightened = keepDataPrivate(config.dataDir, config.databaseUrl, (warning) => logger.warn(warning));
  for (const target of tightened) logger.info({ path: target }, "closed to other users");
  const db = await prepareDatabase(config.databaseUrl);
  // A plan that cannot start is refused before the rest starts (as `paratrack run` does): exit 2 unreadable, 1
  // invalid, every problem by line. Not while a run from before a restart goes on: the server takes that over and
  // leaves the plan alone, whatever state its file is in.
  if (args.plan && (await listUnfinishedRuns(db)).length === 0) {
    const precheck = precheckPlanFile(args.plan, (line) => console.error(line));
    if (!precheck.ok) {
      await closeDb();
      process.exit(precheck.exitCode);
    }
  }
  const app = next({ dev, hostname: config.host, port: config.port, dir: path.resolve(__dirname) });
  await app.prepare();
  // After Next has read its .env files, before anything starts a process: agents, gates and Slurm jobs inherit
  // this environment, and the token and the database's URL (its password) are the server's alone.
  forgetServerSecrets(process.env);
  const handle = app.getRequestHandler();
  const guard = { allowedHosts: serverHostNames(config) };
  // Without a token, only this user (and root) may connect: 127.0.0.1 is open to every user of the machine.
  const peerUser =
    config.authToken === null && process.getuid
      ? await createPeerUserCheck({ serverUid: process.getuid() })
      : null;
  if (config.authToken === null && peerUser === null)
    logger.warn("cannot tell which user opens a connection here: set PARATRACK_TOKEN on a shared machine");
  // Security headers, the peer's user, then Host, Origin, Content-Type, the path's encoding and the API method,
  // before Next sees the request.
  const httpServer = createHttpServer(
    guardedListener(guard, handle, { peerUser, apiRoutes: apiRouteChecker(ENDPOINTS) }),
  );
  const io = createRealtimeServer(httpServer, {
    authToken: config.authToken,
    guard,
    peerUser,
    latestSample: () => getEngine()?.monitor.latest() ?? null,
  });

  // On PostgreSQL several servers share one run: pushes cross servers, one owns the engine, the others only serve
  // pages and hand the lead's actions to it (lib/engine/roles/engine-role.ts).
  const crossServer = canShareRun(config)
    ? await attachPostgresAdapter(io, config.databaseUrl, logger)
    : null;

  // Listening before the engine starts: the agents a restart launches (tracks that were ready) get the real port.
  // Requests meanwhile get 503 (no engine yet).
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  // HOST=0.0.0.0 or :: is no name to connect to (the guard refuses it): agents get loopback, the lead every name.
  const urls = serverUrls(config.host, port, {
    hostname: os.hostname(),
    addresses: Object.values(os.networkInterfaces()).flatMap((list) => list ?? []),
  });
  const role = await startEngineRole({
    config,
    io,
    logger,
    crossServer: crossServer !== null,
    build: (emitter) => {
      const built = assembleEngine({ config, emitter, logger });
      built.setBaseUrl(urls.agentUrl);
      return built;
    },
    onRoleChange: (now) =>
      console.log(`Paratrack: another engine took the database; this server is now a ${now}`),
  });
  const engine = role.engine();
  console.log(
    `${dashboardLine(urls)}${role.role() === "viewer" ? " (viewer: another server runs the engine)" : ""}`,
  );
  logger.info(
    { instanceId: engine.instanceId, url: urls.dashboardUrls[0], agentUrl: urls.agentUrl, role: role.role() },
    "engine started",
  );
  const taken = role.role() === "owner" ? engine.runs.activeRun() : null;
  if (taken && !taken.finished) {
    console.log(`Took over run "${taken.name}", still running from before the restart (see its events)`);
    if (args.demo || args.plan)
      console.log(`Not starting ${args.plan ? `plan ${args.plan}` : "the demo"} while it runs`);
  }
  // A plan asked for on the command line that could not start: nothing runs, so an owner does not stay (as
  // `paratrack run` exits 1); the reason is printed above.
  let notStarted = false;
  if (!(taken && !taken.finished) && (args.demo || args.plan)) {
    try {
      const input = args.plan ? readPlanFile(args.plan) : readDemoPlan(config.dataDir);
      // The built-in demo runs Paratrack's own agent script: its checks would only say so.
      const { warnings } = await engine.runs.startRun({
        ...input,
        budgetBytes: args.budgetBytes,
        override: args.demo && !args.plan ? "the built-in demo plan" : (args.override ?? null),
      });
      console.log(
        `Started ${args.plan ? `plan ${args.plan}` : "the built-in demo plan"}${warnings.length ? ` (${warnings.length} warning(s))` : ""}`,
      );
    } catch (error) {
      notStarted = true;
      if (error instanceof PlanRejectedError) {
        printIssues((line) => console.error(line), [...error.errors, ...error.warnings]);
        console.error("paratrack: invalid plan, nothing started");
      } else if (error instanceof PreflightFailedError)
        console.error(
          [
            ...formatPreflight(error.results),
            `paratrack: pre-flight checks failed, nothing started (fix them, or start it anyway with --override "<why>")`,
          ].join("\n"),
        );
      else
        console.error(
          `paratrack: could not start the plan, nothing started: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  // What a stop does to running agents: PARATRACK_ON_SHUTDOWN (default detach: they carry on and the next start
  // re-attaches them); the demo ends its agents with the server unless that variable says otherwise.
  const onSignal: ShutdownMode = process.env.PARATRACK_ON_SHUTDOWN
    ? config.onShutdown
    : args.demo
      ? "stop"
      : config.onShutdown;
  let stopping = false;
  const shutdown = async (signal: string, agents: ShutdownMode = onSignal, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, agents }, "shutting down");
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      const count = await role.stop({ agents, reason: `the server stopped (${signal})` });
      if (count > 0)
        console.log(
          agents === "detach"
            ? `Left ${count} agent(s) running; the next start on this data directory re-attaches them (to end agents with the server next time: paratrack stop --end-agents, or PARATRACK_ON_SHUTDOWN=stop)`
            : `Ended ${count} agent(s)`,
        );
      io.close();
      httpServer.close();
      await crossServer?.close();
      await closeDb();
    } finally {
      process.exit(exitCode);
    }
  };
  // SIGHUP too: closing the terminal stops the server as Ctrl-C does (lib/stop-signals.ts).
  onStopSignals((signal) => void shutdown(signal));
  // POST /api/server/stop (paratrack stop) asks for the same, with the lead's choice for the agents.
  registerServerStop((agents) => {
    setTimeout(() => void shutdown("paratrack stop", agents), 100);
  });
  // A viewer only asked the owner, whose own run may be why: it keeps serving that run's pages.
  if (notStarted && role.role() === "owner") await shutdown("the plan did not start", onSignal, 1);
  else if (notStarted)
    console.error("paratrack: this server is a viewer; it goes on serving the owner's run");
}

main().catch((error) => {
  console.error(`paratrack: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
