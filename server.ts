// Composes the Paratrack process: Next.js + Socket.IO on one port, the engine, graceful shutdown.
import { createServer } from "node:http";
import os from "node:os";
import path from "node:path";
import next from "next";
import { type Config, ConfigError, loadConfig } from "./lib/config";
import { closeDb, prepareDatabase } from "./lib/db/client";
import { formatPlanIssues } from "./lib/domain/plan-validate";
import { assembleEngine } from "./lib/engine/assemble";
import { PlanRejectedError } from "./lib/engine/errors";
import { readDemoPlan, readPlanFile } from "./lib/engine/plan-files";
import { getEngine } from "./lib/engine/registry";
import { canShareRun, startEngineRole } from "./lib/engine/roles/engine-role";
import { allowedHostsFor, checkRequest } from "./lib/http/request-guard";
import { createLogger } from "./lib/logger";
import { keepAliveOnUnhandledRejection } from "./lib/process-guard";
import { attachPostgresAdapter } from "./lib/realtime/postgres-adapter";
import { createRealtimeServer } from "./lib/realtime/server";
import { parseServerArgs } from "./lib/server-args";

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

  await prepareDatabase(config.databaseUrl);
  const app = next({ dev, hostname: config.host, port: config.port, dir: path.resolve(__dirname) });
  await app.prepare();
  const handle = app.getRequestHandler();
  const guard = { allowedHosts: listenNames(config) };
  const httpServer = createServer((req, res) => {
    // Host, Origin, Content-Type and the path's encoding, for pages and API alike, before Next sees the request.
    const refusal = checkRequest(
      { method: req.method ?? "GET", url: req.url ?? "/", headers: req.headers },
      guard,
    );
    if (!refusal) return void handle(req, res);
    res
      .writeHead(refusal.status, { "content-type": "application/json" })
      .end(JSON.stringify({ error: refusal.error }));
  });
  const io = createRealtimeServer(httpServer, {
    authToken: config.authToken,
    guard,
    latestSample: () => getEngine()?.monitor.latest() ?? null,
  });

  // On PostgreSQL several servers share one run: pushes cross servers, one owns the engine, the others only serve
  // pages and hand the lead's actions to it (lib/engine/roles/engine-role.ts).
  const crossServer = canShareRun(config)
    ? await attachPostgresAdapter(io, config.databaseUrl, logger)
    : null;
  const role = await startEngineRole({
    config,
    io,
    logger,
    crossServer: crossServer !== null,
    build: (emitter) => assembleEngine({ config, emitter, logger }),
    onRoleChange: (now) =>
      console.log(`Paratrack: another engine took the database; this server is now a ${now}`),
  });
  const engine = role.engine();

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  engine.setBaseUrl(url);
  console.log(
    `Paratrack dashboard: ${url}${role.role() === "viewer" ? " (viewer: another server runs the engine)" : ""}`,
  );
  logger.info({ instanceId: engine.instanceId, url, role: role.role() }, "engine started");
  if (args.demo || args.plan) {
    try {
      const input = args.plan ? readPlanFile(args.plan) : readDemoPlan();
      const { warnings } = await engine.runs.startRun({ ...input, budgetBytes: args.budgetBytes });
      console.log(
        `Started ${args.plan ? `plan ${args.plan}` : "the built-in demo plan"}${warnings.length ? ` (${warnings.length} warning(s))` : ""}`,
      );
    } catch (error) {
      if (error instanceof PlanRejectedError) console.error(formatPlanIssues(error.errors).join("\n"));
      else
        console.error(
          `paratrack: could not start the plan: ${error instanceof Error ? error.message : String(error)}`,
        );
    }
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    try {
      await role.stop();
      io.close();
      httpServer.close();
      await crossServer?.close();
      await closeDb();
    } finally {
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

/** The names this server answers to; listening on every address adds the machine's own names and addresses. */
function listenNames(config: Config): Set<string> {
  const everywhere = config.host === "0.0.0.0" || config.host === "::";
  const own = everywhere
    ? [
        os.hostname(),
        ...Object.values(os.networkInterfaces())
          .flat()
          .flatMap((address) => (address ? [address.address] : [])),
      ]
    : [];
  return allowedHostsFor(config.host, [...own, ...config.allowedHosts]);
}

main().catch((error) => {
  console.error(`paratrack: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
