// A throwaway "server" for adopt.test.ts: starts agents through createAgentProcess, prints what the engine would
// persist for each (one JSON line), then idles until the test kills it with SIGKILL.
// usage: node --import tsx adopt-fixture.ts '<json: [{ name, command, logPath, workdir }]>'

import type { AgentRecord } from "./adopt";
import { createAgentProcess } from "./supervisor";

type Spec = { name: string; command: string; logPath: string; workdir: string };

async function main() {
  const specs = JSON.parse(process.argv[2] ?? "[]") as Spec[];
  const records: AgentRecord[] = [];
  for (const spec of specs) {
    const agent = await createAgentProcess({
      trackKey: "t",
      agent: { name: spec.name, command: spec.command, subAgents: 0 },
      workdir: spec.workdir,
      env: {},
      logPath: spec.logPath,
    });
    if (!agent.identity) throw new Error(`agent ${spec.name} did not start`);
    records.push({
      trackKey: "t",
      agentName: spec.name,
      identity: agent.identity,
      logPath: agent.logPath,
      exitPath: agent.exitPath,
      cursor: agent.cursor(),
    });
  }
  process.stdout.write(`${JSON.stringify(records)}\n`);
  setInterval(() => {}, 60_000);
}

void main();
