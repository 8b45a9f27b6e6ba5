// Codex's `codex exec --json` output, one JSON event per line, as signals. Shapes (openai/codex,
// codex-rs/exec/src/exec_events.rs): thread.started {thread_id}; turn.started; turn.completed {usage:
// {input_tokens, cached_input_tokens, output_tokens}}; turn.failed {error: {message}}; item.started / item.updated /
// item.completed {item: {id, type, ...}}; request_user_input {questions}; error {message}.
import { type AgentSignal, toActivityText } from "./agent-signals";
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

const QUIET_TYPES = new Set(["turn.started", "item.plan.delta"]);
const ITEM_EVENTS = new Set(["item.started", "item.updated", "item.completed"]);

/** Signals of one stdout line of a `codex exec --json` run; ordinary text gives []. */
export function parseCodexExecLine(line: string): AgentSignal[] {
  return signalsOfEventLine(line, fromEvent);
}

function fromEvent(event: JsonRecord): AgentSignal[] {
  const type = stringField(event, "type");
  if (type === null) return [{ kind: "unknown-event", eventType: "(no type)" }];
  if (QUIET_TYPES.has(type)) return [];
  if (ITEM_EVENTS.has(type)) return fromItem(type, recordField(event, "item"));
  switch (type) {
    case "thread.started": {
      const id = stringField(event, "thread_id");
      return id && SESSION_ID_PATTERN.test(id) ? [{ kind: "session", sessionId: id }] : [];
    }
    case "turn.completed":
      return fromTurnCompleted(event);
    case "turn.failed": {
      const message = stringField(recordField(event, "error"), "message");
      return [{ kind: "result", outcome: "error", subtype: "turn.failed", message }];
    }
    case "request_user_input": {
      const question = arrayField(event, "questions").filter(isJsonRecord)[0];
      const text = stringField(question, "question") ?? stringField(question, "header") ?? "input requested";
      return [{ kind: "waiting", reason: "question", message: toActivityText(text), sticky: false }];
    }
    case "error": {
      const message = stringField(event, "message");
      return message ? [{ kind: "activity", text: toActivityText(`error: ${message}`) }] : [];
    }
    default:
      return [{ kind: "unknown-event", eventType: type }];
  }
}

// Codex reports the thread's running total at the end of each turn; its input_tokens include the cached ones.
function fromTurnCompleted(event: JsonRecord): AgentSignal[] {
  const usage = recordField(event, "usage");
  const signals: AgentSignal[] = [];
  if (usage) {
    const input = countField(usage, "input_tokens") ?? 0;
    const cached = Math.min(countField(usage, "cached_input_tokens") ?? 0, input);
    signals.push({
      kind: "tokens",
      scope: "total",
      usage: {
        inputTokens: input - cached,
        cachedInputTokens: cached,
        cacheWriteTokens: countField(usage, "cache_write_input_tokens") ?? 0,
        outputTokens: countField(usage, "output_tokens") ?? 0,
      },
    });
  }
  signals.push({ kind: "result", outcome: "success", subtype: "turn.completed", message: null });
  return signals;
}

function fromItem(eventType: string, item: JsonRecord | undefined): AgentSignal[] {
  const itemType = stringField(item, "type") ?? stringField(item, "item_type");
  const completed = eventType === "item.completed";
  switch (itemType) {
    case "agent_message":
    case "reasoning":
    case "plan": {
      const text = toActivityText((stringField(item, "text") ?? "").replace(/\*\*/g, ""));
      return text === "" ? [] : [{ kind: "activity", text }];
    }
    case "command_execution": {
      const command = stringField(item, "command") ?? "a command";
      if (stringField(item, "status") === "declined") {
        return [
          {
            kind: "waiting",
            reason: "permission-denied",
            message: toActivityText(`command declined: ${command}`),
            sticky: true,
          },
        ];
      }
      return completed ? [] : [{ kind: "activity", text: toActivityText(`$ ${command}`) }];
    }
    case "file_change": {
      const paths = arrayField(item, "changes")
        .filter(isJsonRecord)
        .map((change) => stringField(change, "path"))
        .filter((path): path is string => path !== null);
      return paths.length === 0
        ? []
        : [{ kind: "activity", text: toActivityText(`edit ${paths.join(", ")}`) }];
    }
    case "mcp_tool_call": {
      const name = [stringField(item, "server"), stringField(item, "tool")].filter(Boolean).join(".");
      return completed ? [] : [{ kind: "activity", text: toActivityText(`tool ${name || "call"}`) }];
    }
    case "collab_tool_call": {
      const tool = stringField(item, "tool") ?? "collab";
      return completed ? [] : [{ kind: "activity", text: toActivityText(`sub-agent: ${tool}`) }];
    }
    case "web_search": {
      const query = stringField(item, "query");
      return query ? [{ kind: "activity", text: toActivityText(`search: ${query}`) }] : [];
    }
    case "todo_list": {
      const items = arrayField(item, "items").filter(isJsonRecord);
      const done = items.filter((todo) => todo.completed === true).length;
      return items.length === 0 ? [] : [{ kind: "todo", completed: done, total: items.length }];
    }
    case "error": {
      const message = stringField(item, "message");
      return message ? [{ kind: "activity", text: toActivityText(`error: ${message}`) }] : [];
    }
    default:
      return [{ kind: "unknown-event", eventType: `${eventType}:${itemType ?? "(no item type)"}` }];
  }
}
