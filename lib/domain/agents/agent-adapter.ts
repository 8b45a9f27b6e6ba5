// Chooses how to read an agent's output (its kind, declared or recognised from the command) and turns each stdout
// line into signals. Every kind also understands the generic "::" directives and plain-text permission prompts.
import { AGENT_KINDS, type AgentKind, type AgentSignal } from "./agent-signals";
import { detectInputPrompt } from "./attention";
import { parseClaudeStreamLine } from "./claude-stream";
import { parseCodexExecLine } from "./codex-exec";
import { type ProgressDirective, parseProgressLine } from "./progress-line";

const CLAUDE_PROGRAM = /(?:^|[\s/;&|(])claude(?:-code)?(?=\s|$)/;
const CLAUDE_STREAM_JSON = /--output-format(?:=|\s+)["']?stream-json\b/;
const CODEX_PROGRAM = /(?:^|[\s/;&|(])codex(?=\s|$)/;
const CODEX_EXEC_JSON = /\bexec\b[^;&|]*\s--(?:json|experimental-json)\b/;

/**
 * The agent's kind: the one the plan declares, else recognised from the command (`claude … --output-format
 * stream-json`, `codex exec --json`), else generic. Plain-text runs of Claude or Codex are generic too.
 */
export function detectAgentKind(command: string, declared?: AgentKind | null): AgentKind {
  if (declared && AGENT_KINDS.includes(declared)) return declared;
  if (CLAUDE_PROGRAM.test(command) && CLAUDE_STREAM_JSON.test(command)) return "claude";
  if (CODEX_PROGRAM.test(command) && CODEX_EXEC_JSON.test(command)) return "codex";
  return "generic";
}

/** The signals of one stdout line of an agent of this kind; [] for an ordinary line. Never throws. */
export function parseAgentLine(kind: AgentKind, line: string): AgentSignal[] {
  const directive = parseProgressLine(line);
  if (directive) return [fromDirective(directive)];
  const signals = parseStructured(kind, line);
  if (signals.length > 0 || line.trimStart().startsWith("{")) return signals;
  const prompt = detectInputPrompt(line);
  return prompt ? [{ kind: "waiting", reason: "permission-prompt", message: prompt, sticky: false }] : [];
}

function parseStructured(kind: AgentKind, line: string): AgentSignal[] {
  switch (kind) {
    case "claude":
      return parseClaudeStreamLine(line);
    case "codex":
      return parseCodexExecLine(line);
    case "generic":
      return [];
  }
}

function fromDirective(directive: ProgressDirective): AgentSignal {
  switch (directive.kind) {
    case "tokens":
      return {
        kind: "tokens",
        scope: "total",
        usage: {
          inputTokens: directive.inputTokens,
          cachedInputTokens: 0,
          cacheWriteTokens: 0,
          outputTokens: directive.outputTokens,
        },
      };
    case "cost":
      return { kind: "cost", usd: directive.usd };
    case "session":
      return { kind: "session", sessionId: directive.sessionId };
    case "invalid":
      return { kind: "invalid-directive", reason: directive.reason, line: directive.line };
    case "progress":
    case "done":
    case "next":
    case "lesson":
    case "blocker":
    case "status":
    case "touch":
      return { kind: "directive", directive };
  }
}

/** How well an adapter understood an agent's output so far: what it skipped, so a format change shows up. */
export type AdapterStats = {
  lines: number;
  malformedLines: number;
  invalidDirectives: number;
  /** Unknown event types and how often each came. */
  unknownEvents: Record<string, number>;
};

export const EMPTY_ADAPTER_STATS: AdapterStats = {
  lines: 0,
  malformedLines: 0,
  invalidDirectives: 0,
  unknownEvents: {},
};

const MAX_UNKNOWN_TYPES = 50;

/** Counts one line and its signals into the stats. */
export function countAdapterLine(stats: AdapterStats, signals: readonly AgentSignal[]): AdapterStats {
  let { malformedLines, invalidDirectives } = stats;
  let unknownEvents = stats.unknownEvents;
  for (const signal of signals) {
    if (signal.kind === "malformed") malformedLines += 1;
    else if (signal.kind === "invalid-directive") invalidDirectives += 1;
    else if (signal.kind === "unknown-event") {
      const known = Object.hasOwn(unknownEvents, signal.eventType);
      // Bounded: an agent printing a new type on every line must not grow this without end.
      const name =
        known || Object.keys(unknownEvents).length < MAX_UNKNOWN_TYPES ? signal.eventType : "(other)";
      const count = Object.hasOwn(unknownEvents, name) ? (unknownEvents[name] ?? 0) : 0;
      unknownEvents = { ...unknownEvents, [name]: count + 1 };
    }
  }
  return { lines: stats.lines + 1, malformedLines, invalidDirectives, unknownEvents };
}
