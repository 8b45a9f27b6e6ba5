// A throwaway server for ending-crash.test.ts: a real engine on DATA_DIR starts the plan given on the command line,
// waits until track F runs, asks for the lead's action on it ("pause-free-memory", "stop" or "restart") and kills
// itself (SIGKILL, like kill -9) while the agent is still ending (it traps SIGTERM and takes its time). With the
// action "gate" (gate-crash.test.ts) it dies instead while F's quality gate runs, once the test wrote gate.pid. With
// "stop-after-exit" it dies once F's leader has ended (its exit stored), while the stop's grace still runs. Except
// for "gate", F's agent (its workdir the data directory) creates agent.ready there once its SIGTERM trap is set.
// usage: node --import tsx ending-crash-fixture.ts <dataDir> <plan YAML> <action>
import { existsSync } from "node:fs";
import path from "node:path";
import pino from "pino";
import { loadConfig } from "../../config";
import { createSqliteClient } from "../../db/client";
import { assembleEngine } from "../assemble";
import { createRecordingEmitter } from "../emitter";

/** The file F's agent creates once its trap is set, under the data directory. */
const AGENT_READY = "agent.ready";

async function main() {
  const [dataDir, source, action] = process.argv.slice(2);
  if (!dataDir || !source || !action)
    throw new Error("usage: ending-crash-fixture.ts <dataDir> <plan> <action>");
  const url = `file:${path.join(dataDir, "paratrack.db")}`;
  const config = {
    ...loadConfig({ ...process.env, DATA_DIR: dataDir, DATABASE_URL: undefined }),
    databaseUrl: url,
  };
  const engine = assembleEngine({
    config,
    db: createSqliteClient(url),
    emitter: createRecordingEmitter(),
    logger: pino({ level: "silent" }),
  });
  await engine.start();
  await engine.runs.startRun({ source, fileName: "plan.yaml", baseDir: dataDir, planPath: null });
  if (action === "gate") {
    while (!existsSync(path.join(dataDir, "gate.pid")))
      await new Promise((resolve) => setTimeout(resolve, 50));
    process.kill(process.pid, "SIGKILL");
  }
  // The agent has set its trap: it then creates <dataDir>/agent.ready (a fixed wait is too short on a busy machine).
  while (!existsSync(path.join(dataDir, AGENT_READY)))
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (action === "stop-after-exit") {
    void engine.runs.leadAction("F", "stop");
    while (!engine.runs.activeRun()?.tracks.get("F")?.agents[0]?.exit)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await new Promise((resolve) => setTimeout(resolve, 500)); // the leader's exit is stored
    process.kill(process.pid, "SIGKILL");
  }
  void (action === "pause-free-memory"
    ? engine.runs.leadAction("F", "pause", { pauseMode: "free-memory", startOver: true })
    : engine.runs.leadAction("F", action === "stop" ? "stop" : "restart"));
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 500);
}

void main();
