// How fast the agent adapters read output: every stdout line of every agent goes through parseAgentLine on the
// engine's event loop, so this prints lines per second for each recorded transcript (and a long assistant line).
//
//   npx tsx bench/agent-adapters.ts [--seconds 2]
import { parseArgs } from "node:util";
import { parseAgentLine } from "../lib/domain/agents/agent-adapter";
import { applyUsageSignal, EMPTY_USAGE_TALLY } from "../lib/domain/agents/agent-cost";
import type { AgentKind } from "../lib/domain/agents/agent-signals";
import { readTranscript } from "../test/support/transcripts";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "2" } } });
const seconds = Number(values.seconds);

const longText = "x".repeat(60_000);
const cases: { name: string; kind: AgentKind; lines: string[] }[] = [
  { name: "claude stream-json", kind: "claude", lines: readTranscript("claude-stream-json.jsonl") },
  {
    name: "claude drift (unknown, malformed)",
    kind: "claude",
    lines: readTranscript("claude-stream-json-drift.jsonl"),
  },
  { name: "codex exec --json", kind: "codex", lines: readTranscript("codex-exec-json.jsonl") },
  { name: "generic :: lines", kind: "generic", lines: readTranscript("generic-directives.txt") },
  {
    name: "claude 60 kB assistant line",
    kind: "claude",
    lines: [
      JSON.stringify({
        type: "assistant",
        message: {
          id: "m",
          model: "x",
          content: [{ type: "text", text: longText }],
          usage: { input_tokens: 1 },
        },
      }),
    ],
  },
];

console.log(`case                               lines/s     µs/line   (${seconds} s each)`);
for (const { name, kind, lines } of cases) {
  let count = 0;
  let tally = EMPTY_USAGE_TALLY;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    for (const line of lines) {
      for (const signal of parseAgentLine(kind, line)) tally = applyUsageSignal(tally, signal, {});
      count += 1;
    }
  }
  const perSecond = count / seconds;
  console.log(
    `${name.padEnd(34)} ${Math.round(perSecond).toString().padStart(9)} ${(1e6 / perSecond).toFixed(2).padStart(10)}`,
  );
}
