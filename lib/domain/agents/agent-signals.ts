// What one line of an agent's output tells Paratrack, whatever the agent: the common language of the adapters
// (Claude Code stream-json, Codex exec --json, the generic "::" directives). Pure types and tiny helpers.
import type { AgentKind } from "../types";
import type { ProgressDirective } from "./progress-line";

export type { AgentKind };
export const AGENT_KINDS: readonly AgentKind[] = ["claude", "codex", "generic"];

/**
 * Tokens, split the way prices are: fresh input, input read from a prompt cache, input written to a cache, output.
 * Every vendor's figures are mapped into this shape (Codex's input_tokens include the cached ones; Claude's do not).
 */
export type TokenUsage = {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
};

export const NO_TOKENS: TokenUsage = {
  inputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  outputTokens: 0,
};

/** Why an agent waits for the lead; `sticky` waits stay until the lead acknowledges (the agent went on without). */
export type WaitingReason = "permission-prompt" | "permission-denied" | "question";

export type AgentSignal =
  /** One short line for the card: what the agent is doing now. */
  | { kind: "activity"; text: string }
  /** The agent's session id (a resume template's {session}); resuming may mint a new one, the last one wins. */
  | { kind: "session"; sessionId: string }
  /** The model the agent says it runs. */
  | { kind: "model"; model: string }
  /**
   * Token usage. "message": one API call's usage (Claude repeats it on every content block of the same message,
   * so it is keyed by messageId); "total": everything this agent process used so far (replaces earlier totals).
   */
  | { kind: "tokens"; scope: "message"; messageId: string; model: string | null; usage: TokenUsage }
  | { kind: "tokens"; scope: "total"; usage: TokenUsage }
  /** Dollars this agent process spent so far, as the agent reports it (replaces earlier figures). */
  | { kind: "cost"; usd: number }
  /** Turns the agent took (Claude's num_turns). */
  | { kind: "turns"; count: number }
  /** The agent's own verdict on its run: Claude's result subtype, Codex's turn.completed / turn.failed. */
  | { kind: "result"; outcome: "success" | "error"; subtype: string; message: string | null }
  /** The agent needs the lead: a permission prompt, a denied permission, a question. */
  | { kind: "waiting"; reason: WaitingReason; message: string; sticky: boolean }
  /** The agent's own to-do list (Codex todo_list, Claude TodoWrite): completed of total. */
  | { kind: "todo"; completed: number; total: number }
  /** A generic "::" directive that is not about usage or sessions (progress, done, next, blocker, status, touch). */
  | {
      kind: "directive";
      directive: Exclude<ProgressDirective, { kind: "tokens" | "cost" | "session" | "invalid" }>;
    }
  /** A "::" line that looked like a directive but was not valid: log it with the reason. */
  | { kind: "invalid-directive"; reason: string; line: string }
  /** A well-formed event of a type this adapter does not know: ignored, counted. */
  | { kind: "unknown-event"; eventType: string }
  /** A line that started like JSON but did not parse: kept as text in the log, never a crash. */
  | { kind: "malformed"; text: string; error: string };

export type AgentSignalKind = AgentSignal["kind"];

/** Adds two usages field by field. */
export function addTokenUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
    outputTokens: a.outputTokens + b.outputTokens,
  };
}

/** All tokens of a usage, the single figure a card shows. */
export function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.cachedInputTokens + usage.cacheWriteTokens + usage.outputTokens;
}

/** Cuts a text to one line of at most `max` characters for the card's activity line. */
export function toActivityText(text: string, max = 160): string {
  // Only the start can show: long texts (a 60 kB message) are cut before the whitespace pass.
  const line = text
    .trimStart()
    .slice(0, max * 4)
    .replace(/\s+/g, " ")
    .trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
