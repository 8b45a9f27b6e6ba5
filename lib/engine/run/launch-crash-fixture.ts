// A throwaway server for launch-crash.test.ts: a real engine on DATA_DIR starts the plan given on the command line and
// kills itself (SIGKILL, like kill -9) the moment its launcher has started the agents, before it can store them.
// usage: node --import tsx launch-crash-fixture.ts <dataDir> <plan YAML>
import path from "node:path";
import pino from "pino";
import { createAgentProcess } from "../../agents/supervisor";
import { loadConfig } from "../../config";
import { createSqliteClient } from "../../db/client";
import { assembleEngine } from "../assemble";
import { createRecordingEmitter } from "../emitter";

async function main() {
  const [dataDir, source, agents] = process.argv.slice(2);
  if (!dataDir || !source) throw new Error("usage: launch-crash-fixture.ts <dataDir> <plan YAML> [agents]");
  const url = `file:${path.join(dataDir, "paratrack.db")}`;
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined }),
    databaseUrl: url,
  };
  let launched = 0;
  const engine = assembleEngine({
    config,
    db: createSqliteClient(url),
    emitter: createRecordingEmitter(),
    logger: pino({ level: "silent" }),
    launch: async (options) => {
      const agent = await createAgentProcess(options);
      if (++launched === Number(agents ?? 1)) process.kill(process.pid, "SIGKILL");
      return agent;
    },
  });
  await engine.start();
  await engine.runs.startRun({ source, fileName: "plan.yaml", baseDir: dataDir, planPath: null });
  setInterval(() => {}, 60_000);
}

void main();
