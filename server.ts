// Composes the Paratrack process: Next.js + Socket.IO on one port, the engine, graceful shutdown.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { ConfigError, loadConfig } from "./lib/config";
import { closeDb, prepareDatabase } from "./lib/db/client";
import { formatPlanIssues } from "./lib/domain/plan-validate";
import { assembleEngine } from "./lib/engine/assemble";
import { PlanRejectedError } from "./lib/engine/errors";
import { readDemoPlan, readPlanFile } from "./lib/engine/plan-files";
import { registerEngine } from "./lib/engine/registry";
import { createLogger } from "./lib/logger";
import { keepAliveOnUnhandledRejection } from "./lib/process-guard";
import { createRealtimeServer, socketEmitter } from "./lib/realtime/server";
import { parseServerArgs } from "./lib/server-args";

async function main() {
  let config: ReturnType<typeof loadConfig>;
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
  const httpServer = createServer((req, res) => void handle(req, res));
  const io = createRealtimeServer(httpServer, { authToken: config.authToken });

  const engine = assembleEngine({ config, emitter: socketEmitter(io), logger });
  registerEngine(engine);
  await engine.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const address = httpServer.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  engine.setBaseUrl(url);
  console.log(`Paratrack dashboard: ${url}`);
  logger.info({ instanceId: engine.instanceId, url }, "engine started");
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
      await engine.stop();
      io.close();
      httpServer.close();
      await closeDb();
    } finally {
      registerEngine(undefined);
      process.exit(0);
    }
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(`paratrack: failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
