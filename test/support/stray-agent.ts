// For tests: an agent running from a data directory that its database has no record of (as when the database was
// emptied or replaced while it ran): a real shim and agent serving a log under <dataDir>/logs.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { createAgentProcess } from "../../lib/agents/supervisor";

export async function startStrayAgent(dataDir: string) {
  const logPath = path.join(dataDir, "logs", "lost-run", "old", "old-coder-1.log");
  mkdirSync(path.dirname(logPath), { recursive: true });
  const agent = await createAgentProcess({
    trackKey: "old",
    agent: { name: "coder", command: "exec sleep 60", subAgents: 0 },
    workdir: dataDir,
    env: {},
    logPath,
  });
  return { agent, logPath, shimPid: agent.identity!.shimPid };
}
