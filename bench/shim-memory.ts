// Memory per agent of paratrack-shim (RSS and PSS of the shim and keeper processes, with N idle agents), what the server
// holds per agent (its RSS growth), the time to adopt N live agents after a "restart" (detach, then adopt), and
// how soon another shim takes an agent over after kill -9 of its shim.
// Usage: npm run bench:shim -- [--counts 10,100]
// Every agent started here is stopped at the end (and SIGKILLed by process group if anything goes wrong).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { type AdoptResult, type AgentRecord, adoptAgentProcess } from "../lib/agents/adopt";
import { type AgentProcess, createAgentProcess } from "../lib/agents/supervisor";

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const counts = (flag("counts") ?? "10,100").split(",").map(Number);
if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error("--counts needs positive integers, e.g. 10,100");
  process.exit(2);
}

function kb(text: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? Number.NaN);
}

/** RSS and PSS in KiB of one process, from status and smaps_rollup. */
function memoryOf(pid: number): { rssKb: number; pssKb: number } {
  return {
    rssKb: kb(readFileSync(`/proc/${pid}/status`, "utf8"), "VmRSS"),
    pssKb: kb(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"), "Pss"),
  };
}

/** The only child of `pid` (the keeper's agent). */
function childOf(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(" ")[0]);
}

function summarise(label: string, values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return `${label} mean ${mean.toFixed(0)} KiB, min ${sorted[0]}, max ${sorted.at(-1)}, total ${(
    (mean * values.length) / 1024
  ).toFixed(1)} MiB`;
}

const started: AgentProcess[] = [];

function killEverything() {
  for (const agent of started) {
    if (agent.pgid === null) continue;
    for (const signal of ["SIGKILL", "SIGCONT"] as const) {
      try {
        process.kill(-agent.pgid, signal);
      } catch {}
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(count: number, dir: string) {
  global.gc?.();
  const serverBefore = process.memoryUsage().rss;
  const spawnBegan = performance.now();
  const agents: AgentProcess[] = [];
  for (let i = 0; i < count; i++) {
    const agent = await createAgentProcess({
      trackKey: "bench",
      agent: { name: `idle-${i}`, command: "sleep 600", subAgents: 0 },
      workdir: dir,
      env: {},
      logPath: path.join(dir, `n${count}`, `idle-${i}.log`),
    });
    if (!agent.identity) throw new Error(`agent ${i} did not start: ${(await agent.exited).message}`);
    agents.push(agent);
    started.push(agent);
  }
  const spawnMs = performance.now() - spawnBegan;
  await new Promise((resolve) => setTimeout(resolve, 1000)); // let every shim settle into its poll()
  global.gc?.();
  const serverAfter = process.memoryUsage().rss;
  const shims = agents.map((agent) => memoryOf(agent.identity!.shimPid));
  // The leader is the agent's keeper (its parent, native/shim/shim-keeper.c); the agent is its child.
  const keepers = agents.map((agent) => memoryOf(agent.pid!));
  const sleeps = agents.map((agent) => memoryOf(childOf(agent.pid!)));

  console.log(`\n${count} idle agents (sleep 600), one paratrack-shim and one keeper each`);
  console.log(
    `  start: ${spawnMs.toFixed(0)} ms in all, ${(spawnMs / count).toFixed(1)} ms per agent (to the handshake)`,
  );
  console.log(
    `  shim ${summarise(
      "RSS",
      shims.map((m) => m.rssKb),
    )}`,
  );
  console.log(
    `  shim ${summarise(
      "PSS",
      shims.map((m) => m.pssKb),
    )}`,
  );
  console.log(
    `  keeper ${summarise(
      "RSS",
      keepers.map((m) => m.rssKb),
    )}`,
  );
  console.log(
    `  keeper ${summarise(
      "PSS",
      keepers.map((m) => m.pssKb),
    )}`,
  );
  console.log(
    `  for scale, the agent itself (sleep): PSS mean ${(
      sleeps.reduce((sum, m) => sum + m.pssKb, 0) / count
    ).toFixed(0)} KiB`,
  );
  console.log(
    `  server RSS growth: ${((serverAfter - serverBefore) / 1024 / 1024).toFixed(1)} MiB (${(
      (serverAfter - serverBefore) / 1024 / count
    ).toFixed(0)} KiB per agent: handle, log follower, watcher)`,
  );

  // A "restart": let go of every agent, then adopt them all from their records.
  const records: AgentRecord[] = [];
  for (const agent of agents) {
    const cursor = await agent.detach();
    records.push({
      trackKey: agent.trackKey,
      agentName: agent.agentName,
      identity: agent.identity!,
      logPath: agent.logPath,
      exitPath: agent.exitPath,
      cursor,
    });
  }
  const adoptBegan = performance.now();
  const adopted: AdoptResult[] = [];
  for (const record of records) adopted.push(await adoptAgentProcess(record));
  const adoptMs = performance.now() - adoptBegan;
  const live = adopted.filter((result) => result.outcome === "live").length;
  console.log(
    `  adopt: ${adoptMs.toFixed(0)} ms for ${count} (${(adoptMs / count).toFixed(2)} ms per agent), ${live} live`,
  );

  // kill -9 of up to 10 shims at once: how soon each agent has another shim (an adopted handle looks every 250 ms).
  const victims = adopted.slice(0, Math.min(10, count)).map((result) => result.agent);
  const killed = victims.map((agent) => ({ agent, shimPid: agent.identity!.shimPid, at: performance.now() }));
  for (const { shimPid } of killed) process.kill(shimPid, "SIGKILL");
  const waits = await Promise.all(
    killed.map(async ({ agent, shimPid, at }) => {
      const deadline = at + 10_000;
      while (agent.identity!.shimPid === shimPid && performance.now() < deadline) await sleep(2);
      return agent.identity!.shimPid === shimPid ? Number.POSITIVE_INFINITY : performance.now() - at;
    }),
  );
  waits.sort((a, b) => a - b);
  const takenOver = waits.filter(Number.isFinite).length;
  console.log(
    `  takeover after kill -9 of ${victims.length} shims: ${takenOver}/${victims.length} agents taken over, ` +
      `median ${waits[Math.floor(waits.length / 2)]!.toFixed(0)} ms, max ${waits.at(-1)!.toFixed(0)} ms`,
  );

  const stopBegan = performance.now();
  const stops = await Promise.all(adopted.map((result) => result.agent.stop(3000)));
  const stopMs = performance.now() - stopBegan;
  // A taken-over agent's end comes from its keeper (its parent): SIGTERM as well; interrupted only without one.
  const known = stops.filter((stop) => stop.exit.signal === "SIGTERM").length;
  const unknown = stops.filter((stop) => stop.exit.interrupted).length;
  console.log(
    `  stop: ${stopMs.toFixed(0)} ms for all, ${known}/${count} exits recorded as SIGTERM, ${unknown} interrupted ` +
      "(taken over)",
  );
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "paratrack-bench-shim-"));
  console.log(
    `paratrack-shim memory and adoption (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
  );
  try {
    for (const count of counts) await run(count, dir);
  } finally {
    killEverything();
    rmSync(dir, { recursive: true, force: true });
  }
}

process.on("SIGINT", () => {
  killEverything();
  process.exit(130);
});

main().catch((error) => {
  console.error(error);
  killEverything();
  process.exit(1);
});
