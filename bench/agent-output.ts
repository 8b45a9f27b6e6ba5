// What reading agents' output costs the engine's event loop: every line of every agent goes through its adapter,
// the usage tally and the budgets, the attention rules and the card's push. Fake agents (the run systems' test
// parts, a real SQLite file) print the recorded transcripts as fast as they can; this prints lines per second and
// the cost of one sample's flush of the agents' usage to the database.
//
//   npx tsx bench/agent-output.ts [--tracks 8] [--lines 20000]
import { parseArgs } from "node:util";
import { createHarness } from "../lib/engine/run/harness";
import { readTranscript } from "../test/support/transcripts";

const { values } = parseArgs({
  options: { tracks: { type: "string", default: "8" }, lines: { type: "string", default: "20000" } },
});
const trackCount = Number(values.tracks);
const lineCount = Number(values.lines);

const transcripts = {
  claude: readTranscript("claude-stream-json.jsonl"),
  codex: readTranscript("codex-exec-json.jsonl"),
  generic: readTranscript("generic-directives.txt").filter((line) => !line.startsWith("::touch")),
};
const kinds = Object.keys(transcripts) as (keyof typeof transcripts)[];

async function main() {
  const h = await createHarness();
  const tracks = Array.from({ length: trackCount }, (_, i) => {
    const kind = kinds[i % kinds.length]!;
    return `  - key: T${i}\n    ram: 10MB\n    kind: ${kind}\n    maxCostUsd: 1000\n    command: ${kind}-agent\n`;
  });
  await h.start(
    `name: bench\nram:\n  budget: 4GB\nmaxConcurrent: ${trackCount}\ntracks:\n${tracks.join("")}`,
  );
  await h.tick();
  const agents = Array.from({ length: trackCount }, (_, i) => ({
    agent: h.launcher.latest(`T${i}`),
    lines: transcripts[kinds[i % kinds.length]!],
  }));
  const started = performance.now();
  for (let n = 0; n < lineCount; n++) {
    const { agent, lines } = agents[n % agents.length]!;
    agent.say(lines[Math.floor(n / agents.length) % lines.length]!);
  }
  const elapsedMs = performance.now() - started;
  // The database writes the lines caused (progress reports, sessions and verdicts at once) queue behind each other.
  const drainStarted = performance.now();
  await h.tick();
  const drainMs = performance.now() - drainStarted;
  const reports = await h.db.report.count();
  // One more round of usage only (no directives, no sessions): what a sample's flush of the agents' rows costs.
  for (const { agent, lines } of agents)
    for (const line of lines) if (line.includes('"usage"') || line.startsWith("::tokens")) agent.say(line);
  const flushStarted = performance.now();
  await h.tick();
  const flushMs = performance.now() - flushStarted;
  console.log(`${trackCount} agents (claude, codex, generic transcripts), ${lineCount} lines`);
  console.log(
    `  lines read: ${Math.round(lineCount / (elapsedMs / 1000)).toLocaleString("en-US")} per second (${((elapsedMs * 1000) / lineCount).toFixed(1)} µs each)`,
  );
  console.log(
    `  the database writes they caused (${reports} progress reports, sessions, verdicts) done after ${drainMs.toFixed(0)} ms`,
  );
  console.log(
    `  a sample with ${trackCount} agents' usage to store (and the idle checks, the governor pass): ${flushMs.toFixed(0)} ms`,
  );
  await h.dispose();
}

void main();
