// Reading one JSON line of an agent's event stream defensively: agents print other things too, and vendors add
// fields and event types without notice. Pure helpers shared by the Claude Code and Codex adapters.

import type { AgentSignal } from "./agent-signals";

export type JsonRecord = Record<string, unknown>;

export type JsonLine =
  | { kind: "event"; event: JsonRecord }
  | { kind: "text" }
  | { kind: "malformed"; error: string }
  | { kind: "not-an-object" };

/** Parses a line that should hold one JSON object; a line not starting with "{" is ordinary text. */
export function readJsonLine(line: string): JsonLine {
  const text = line.trim();
  if (!text.startsWith("{")) return { kind: "text" };
  try {
    const value: unknown = JSON.parse(text);
    return isJsonRecord(value) ? { kind: "event", event: value } : { kind: "not-an-object" };
  } catch (error) {
    return { kind: "malformed", error: error instanceof Error ? error.message : String(error) };
  }
}

/** An adapter's signals of one stdout line: ordinary text gives [], a bad line is counted, an event is read by `fromEvent`. */
export function signalsOfEventLine(
  line: string,
  fromEvent: (event: JsonRecord) => AgentSignal[],
): AgentSignal[] {
  const parsed = readJsonLine(line);
  switch (parsed.kind) {
    case "text":
      return [];
    case "malformed":
      return [{ kind: "malformed", text: line, error: parsed.error }];
    case "not-an-object":
      return [{ kind: "unknown-event", eventType: "(not an object)" }];
    case "event":
      return fromEvent(parsed.event);
  }
}

export function isJsonRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A string field, or null when missing or of another type. */
export function stringField(record: JsonRecord | undefined, name: string): string | null {
  const value = record?.[name];
  return typeof value === "string" ? value : null;
}

/** A finite, non-negative number field, or null. */
export function countField(record: JsonRecord | undefined, name: string): number | null {
  const value = record?.[name];
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : null;
}

export function recordField(record: JsonRecord | undefined, name: string): JsonRecord | undefined {
  const value = record?.[name];
  return isJsonRecord(value) ? value : undefined;
}

export function arrayField(record: JsonRecord | undefined, name: string): unknown[] {
  const value = record?.[name];
  return Array.isArray(value) ? value : [];
}
