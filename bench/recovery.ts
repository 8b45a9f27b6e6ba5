// Benchmarks durable runs (issue #11) against the real production server (needs a prior `next build`): N live agents
// (`sleep`), kill -9 of the server, a new server on the same data directory; prints how long taking the agents
// over took (the engine's own figure from its run:reattached event, and process start → every track running again
// with the same pids), and the memory of the shims that keep the agents independent of the server (PSS).
// Usage: npm run bench:recovery -- [--agents 10,100]
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startServer } from "../e2e/support/server";

function agentCounts(): number[] {
  const i = process.argv.indexOf("--agents");
  const raw = i >= 0 ? (process.argv[i + 1] ?? "") : "10,100";
  const counts = raw.split(",").map(Number);
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > 500)) {
    console.error("--agents takes counts from 1 to 500, e.g. 10,100");
    process.exit(2);
  }
  return counts;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** PSS in bytes of every process whose command is the shim, by pid. */
function shimMemory(): number[] {
  const sizes: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "paratrack-shim") continue;
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, "utf8");
      const pss = /^Pss:\s+(\d+) kB/m.exec(rollup);
      if (pss) sizes.push(Number(pss[1]) * 1024);
    } catch {
      // gone meanwhile
    }
  }
  return sizes;
}

type TrackView = { key: string; status: string };
type Detail = { agents: { pid: number | null; attempt: number }[] };

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function measure(agents: number) {
  const tracks = Array.from(
    { length: agents },
    (_, i) => `  - key: T${i}\n    ram: 5MB\n    command: sleep 600\n`,
  );
  const planText = `name: bench recovery ${agents}\nmaxConcurrent: ${agents}\nram:\n  budget: 4GB\n  admitBelow: 80\ntracks:\n${tracks.join("")}`;
  const server = await startServer({ env: { PARATRACK_ON_SHUTDOWN: "stop" } });
  try {
    const started = await fetch(`${server.baseURL}/api/runs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ plan: planText }),
    });
    if (started.status !== 201) throw new Error(`could not start the plan: ${await started.text()}`);
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const views = await getJson<TrackView[]>(`${server.baseURL}/api/tracks`);
      if (views.filter((t) => t.status === "running").length === agents) break;
      await sleep(500);
    }
    const pidsBefore = new Map<string, number | null>();
    for (let i = 0; i < agents; i++) {
      const detail = await getJson<Detail>(`${server.baseURL}/api/tracks/T${i}`);
      pidsBefore.set(`T${i}`, detail.agents.find((a) => a.attempt === 1)?.pid ?? null);
    }
    const shims = shimMemory();

    await server.kill();
    const restartBegan = performance.now();
    await server.start();
    const healthyAfter = performance.now() - restartBegan;
    let sameAfter = Number.NaN;
    while (performance.now() - restartBegan < 120_000) {
      const views = await getJson<TrackView[]>(`${server.baseURL}/api/tracks`);
      if (views.filter((t) => t.status === "running").length === agents) {
        sameAfter = performance.now() - restartBegan;
        break;
      }
      await sleep(100);
    }
    let samePids = 0;
    for (let i = 0; i < agents; i++) {
      const detail = await getJson<Detail>(`${server.baseURL}/api/tracks/T${i}`);
      if (detail.agents.some((a) => a.pid !== null && a.pid === pidsBefore.get(`T${i}`))) samePids++;
    }
    const events = await getJson<{ kind: string; details: { durationMs?: number; reattached?: number } }[]>(
      `${server.baseURL}/api/events?limit=50&kind=run:reattached`,
    );
    const reattached = events.find((e) => e.kind === "run:reattached")?.details;
    const pssTotal = shims.reduce((a, b) => a + b, 0);
    console.log(
      `  ${String(agents).padStart(4)} agents: engine re-attach ${String(reattached?.durationMs ?? "?").padStart(5)} ms` +
        ` (${reattached?.reattached ?? "?"} re-attached, ${samePids}/${agents} same pids);` +
        ` new process → /api/health ${healthyAfter.toFixed(0)} ms, → all running ${sameAfter.toFixed(0)} ms;` +
        ` shims: ${shims.length}, PSS ${(pssTotal / shims.length / 1024).toFixed(0)} KiB each (${(pssTotal / 1024 / 1024).toFixed(1)} MiB in all)`,
    );
  } finally {
    await server.stop();
  }
}

async function main() {
  console.log(
    `Durable runs: kill -9 of the server, restart on the same data directory (${path.basename(process.cwd())})`,
  );
  for (const count of agentCounts()) await measure(count);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
