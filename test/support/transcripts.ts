// Reading the recorded transcripts in test/fixtures for tests: each line through an adapter, folded into a tally.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type AdapterStats,
  countAdapterLine,
  EMPTY_ADAPTER_STATS,
  parseAgentLine,
} from "../../lib/domain/agents/agent-adapter";
import {
  applyUsageSignal,
  EMPTY_USAGE_TALLY,
  type PriceTable,
  type UsageTally,
} from "../../lib/domain/agents/agent-cost";
import type { AgentKind, AgentSignal } from "../../lib/domain/agents/agent-signals";

export const FIXTURES_DIR = path.resolve(__dirname, "../fixtures");

/** The lines of a transcript in test/fixtures (without the final newline's empty line). */
export function readTranscript(name: string): string[] {
  const text = readFileSync(path.join(FIXTURES_DIR, name), "utf8");
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

export type Replayed = {
  signals: AgentSignal[];
  perLine: AgentSignal[][];
  tally: UsageTally;
  stats: AdapterStats;
};

/** Every line through the adapter of `kind`, the signals folded into a usage tally, as the engine will do. */
export function replayTranscript(
  kind: AgentKind,
  lines: readonly string[],
  prices: PriceTable = {},
): Replayed {
  let tally = EMPTY_USAGE_TALLY;
  let stats = EMPTY_ADAPTER_STATS;
  const perLine: AgentSignal[][] = [];
  for (const line of lines) {
    const signals = parseAgentLine(kind, line);
    perLine.push(signals);
    stats = countAdapterLine(stats, signals);
    for (const signal of signals) tally = applyUsageSignal(tally, signal, prices);
  }
  return { signals: perLine.flat(), perLine, tally, stats };
}
