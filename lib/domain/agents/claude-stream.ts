// Claude Code's `claude -p --output-format stream-json --verbose` output, one JSON event per line, as signals.
// Shapes (see test/fixtures/README.md): system/init {session_id, model}; assistant {message: {id, model, content[],
// usage}}; user {message: {content: [tool_result]}}; result {subtype, is_error, num_turns, session_id,
// total_cost_usd, usage, permission_denials}; plus stream_event, rate_limit_event and control_* messages.
import { type AgentSignal, type TokenUsage, toActivityText } from "./agent-signals";
import {
  arrayField,
  countField,
  isJsonRecord,
  type JsonRecord,
  recordField,
  signalsOfEventLine,
  stringField,
} from "./json-line";
import { SESSION_ID_PATTERN } from "./progress-line";

/** Top-level event types Claude Code prints that carry nothing Paratrack shows. */
const QUIET_TYPES = new Set(["stream_event", "control_response", "control_cancel_request", "keep_alive"]);

/** Claude Code's words when a tool needs a permission nobody granted (headless runs cannot ask). */
const PERMISSION_DENIED = /requested permissions? to use (\S+?),? but you haven't granted it/i;

/** Signals of one stdout line of a Claude Code stream-json run; ordinary text gives []. */
export function parseClaudeStreamLine(line: string): AgentSignal[] {
  return signalsOfEventLine(line, fromEvent);
}

function fromEvent(event: JsonRecord): AgentSignal[] {
  const type = stringField(event, "type");
  switch (type) {
    case "system":
      return fromSystem(event);
    case "assistant":
      return fromAssistant(event);
    case "user":
      return fromUser(event);
    case "result":
      return fromResult(event);
    case "rate_limit_event":
      return fromRateLimit(event);
    case "control_request":
      return fromControlRequest(event);
    default:
      if (type !== null && QUIET_TYPES.has(type)) return [];
      return [{ kind: "unknown-event", eventType: type ?? "(no type)" }];
  }
}

function fromSystem(event: JsonRecord): AgentSignal[] {
  if (stringField(event, "subtype") !== "init") return [];
  const signals: AgentSignal[] = [];
  const session = sessionOf(event);
  if (session) signals.push(session);
  const model = stringField(event, "model");
  if (model) signals.push({ kind: "model", model });
  return signals;
}

function fromAssistant(event: JsonRecord): AgentSignal[] {
  const message = recordField(event, "message");
  const signals: AgentSignal[] = [];
  for (const block of arrayField(message, "content")) {
    if (!isJsonRecord(block)) continue;
    signals.push(...fromContentBlock(block));
  }
  const usage = recordField(message, "usage");
  const messageId = stringField(message, "id");
  if (usage && messageId) {
    signals.push({
      kind: "tokens",
      scope: "message",
      messageId,
      model: stringField(message, "model"),
      usage: claudeUsage(usage),
    });
  }
  return signals;
}

function fromContentBlock(block: JsonRecord): AgentSignal[] {
  switch (stringField(block, "type")) {
    case "text": {
      const text = toActivityText(stringField(block, "text") ?? "");
      return text === "" ? [] : [{ kind: "activity", text }];
    }
    case "tool_use":
      return fromToolUse(stringField(block, "name") ?? "tool", recordField(block, "input"));
    default:
      // thinking, redacted_thinking, server tool results: nothing for the card.
      return [];
  }
}

function fromToolUse(name: string, input: JsonRecord | undefined): AgentSignal[] {
  if (name === "TodoWrite") {
    const todos = arrayField(input, "todos").filter(isJsonRecord);
    const completed = todos.filter((todo) => stringField(todo, "status") === "completed").length;
    const current = todos.find((todo) => stringField(todo, "status") === "in_progress");
    const doing = stringField(current, "activeForm") ?? stringField(current, "content");
    return [
      { kind: "todo", completed, total: todos.length },
      ...(doing ? [{ kind: "activity" as const, text: toActivityText(doing) }] : []),
    ];
  }
  if (name === "AskUserQuestion") {
    const question = arrayField(input, "questions").filter(isJsonRecord)[0];
    const text = stringField(question, "question") ?? "the agent asks a question";
    return [{ kind: "waiting", reason: "question", message: toActivityText(text), sticky: true }];
  }
  return [{ kind: "activity", text: toActivityText(describeTool(name, input)) }];
}

/** "Bash: npm test", "Edit: src/a.ts" … the most telling input field of the common tools. */
function describeTool(name: string, input: JsonRecord | undefined): string {
  const detail =
    stringField(input, "description") && name === "Task"
      ? stringField(input, "description")
      : (stringField(input, "command") ??
        stringField(input, "file_path") ??
        stringField(input, "notebook_path") ??
        stringField(input, "pattern") ??
        stringField(input, "url") ??
        stringField(input, "query") ??
        stringField(input, "description"));
  return detail ? `${name}: ${detail}` : name;
}

function fromUser(event: JsonRecord): AgentSignal[] {
  const signals: AgentSignal[] = [];
  for (const block of arrayField(recordField(event, "message"), "content")) {
    if (!isJsonRecord(block) || stringField(block, "type") !== "tool_result") continue;
    if (block.is_error !== true) continue;
    const denied = PERMISSION_DENIED.exec(toolResultText(block));
    if (denied) {
      signals.push({
        kind: "waiting",
        reason: "permission-denied",
        message: `permission needed: ${denied[1]}`,
        sticky: true,
      });
    }
  }
  return signals;
}

function toolResultText(block: JsonRecord): string {
  const content = block.content;
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .filter(isJsonRecord)
    .map((part) => stringField(part, "text") ?? "")
    .join(" ");
}

function fromResult(event: JsonRecord): AgentSignal[] {
  const signals: AgentSignal[] = [];
  const session = sessionOf(event);
  if (session) signals.push(session);
  // Tokens before dollars: a running total replaces the per-message figures the cost would otherwise add to.
  const usage = recordField(event, "usage");
  if (usage) signals.push({ kind: "tokens", scope: "total", usage: claudeUsage(usage) });
  const cost = countField(event, "total_cost_usd");
  if (cost !== null) signals.push({ kind: "cost", usd: cost });
  const turns = countField(event, "num_turns");
  if (turns !== null) signals.push({ kind: "turns", count: turns });
  const denials = arrayField(event, "permission_denials").filter(isJsonRecord);
  if (denials.length > 0) {
    const tools = [...new Set(denials.map((denial) => stringField(denial, "tool_name") ?? "a tool"))];
    signals.push({
      kind: "waiting",
      reason: "permission-denied",
      message: `permission needed: ${tools.join(", ")}`,
      sticky: true,
    });
  }
  const subtype = stringField(event, "subtype") ?? "unknown";
  const failed = event.is_error === true || subtype !== "success";
  signals.push({
    kind: "result",
    outcome: failed ? "error" : "success",
    subtype,
    message: failed ? errorMessageOf(event, subtype) : null,
  });
  return signals;
}

function errorMessageOf(event: JsonRecord, subtype: string): string {
  const errors = arrayField(event, "errors").filter((item): item is string => typeof item === "string");
  if (errors.length > 0) return toActivityText(errors.join("; "), 300);
  const result = stringField(event, "result");
  return result ? toActivityText(result, 300) : subtype;
}

function fromRateLimit(event: JsonRecord): AgentSignal[] {
  const info = recordField(event, "rate_limit_info");
  const status = stringField(info, "status");
  if (status === null || status === "allowed" || status === "allowed_warning") return [];
  const kind = stringField(info, "rateLimitType");
  return [{ kind: "activity", text: `rate limited${kind ? ` (${kind})` : ""}: ${status}` }];
}

// With --permission-prompt-tool stdio, Claude Code asks its host before using a tool and waits for the answer.
function fromControlRequest(event: JsonRecord): AgentSignal[] {
  const request = recordField(event, "request");
  if (stringField(request, "subtype") !== "can_use_tool") return [];
  const tool = stringField(request, "tool_name") ?? "a tool";
  return [{ kind: "waiting", reason: "permission-prompt", message: `asks to use ${tool}`, sticky: false }];
}

function sessionOf(event: JsonRecord): AgentSignal | null {
  const id = stringField(event, "session_id") ?? stringField(event, "sessionId");
  return id && SESSION_ID_PATTERN.test(id) ? { kind: "session", sessionId: id } : null;
}

/** Claude's usage: input_tokens excludes the cache reads and writes, which come as their own fields. */
function claudeUsage(usage: JsonRecord): TokenUsage {
  return {
    inputTokens: countField(usage, "input_tokens") ?? 0,
    cachedInputTokens: countField(usage, "cache_read_input_tokens") ?? 0,
    cacheWriteTokens: countField(usage, "cache_creation_input_tokens") ?? 0,
    outputTokens: countField(usage, "output_tokens") ?? 0,
  };
}
