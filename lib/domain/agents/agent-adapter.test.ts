import { describe, expect, it } from "vitest";
import { readTranscript, replayTranscript } from "../../../test/support/transcripts";
import { countAdapterLine, detectAgentKind, EMPTY_ADAPTER_STATS, parseAgentLine } from "./agent-adapter";
import { costOf, tokensOf } from "./agent-cost";

describe("detectAgentKind", () => {
  it.each([
    ["claude -p 'fix the parser' --output-format stream-json --verbose", "claude"],
    ["claude -p --output-format=stream-json --verbose 'x'", "claude"],
    ['ANTHROPIC_MODEL=x /usr/local/bin/claude --verbose --output-format "stream-json" -p hi', "claude"],
    ["npx claude-code -p x --output-format stream-json", "claude"],
    ["cd repo && claude -p x --output-format stream-json --verbose", "claude"],
    ["codex exec --json 'fix the parser'", "codex"],
    ["codex --model gpt-5-codex exec --full-auto --json -", "codex"],
    ["codex exec --experimental-json 'x'", "codex"],
    ["codex exec resume 0199b7e2 --json 'go on'", "codex"],
  ] as const)("%s → %s", (command, kind) => {
    expect(detectAgentKind(command)).toBe(kind);
  });

  it.each([
    "claude -p 'fix the parser'",
    "claude -p x --output-format json",
    "codex exec 'fix it'",
    "codex --json",
    "node agent.mjs --output-format stream-json",
    "my-claude-wrapper --output-format stream-json",
    "aider --yes-always",
  ])("%s → generic", (command) => {
    expect(detectAgentKind(command)).toBe("generic");
  });

  it("prefers the declared kind", () => {
    expect(detectAgentKind("./run-agent.sh", "claude")).toBe("claude");
    expect(detectAgentKind("codex exec --json x", "generic")).toBe("generic");
  });
});

describe("parseAgentLine", () => {
  it("reads the generic protocol, prompts in plain text, and invalid directives", () => {
    const run = replayTranscript("generic", readTranscript("generic-directives.txt"));
    expect(run.tally.sessionId).toBe("docs-run-7f3a");
    // ::tokens is a running total: the last one stands.
    expect(tokensOf(run.tally)).toEqual({
      inputTokens: 5_400,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      outputTokens: 1_250,
    });
    expect(costOf(run.tally, {}, null)).toEqual({ usd: 0.21, source: "reported" });
    expect(run.signals).toContainEqual({
      kind: "waiting",
      reason: "permission-prompt",
      message: "Do you want to overwrite docs/plan.md? [y/N]",
      sticky: false,
    });
    expect(run.signals).toContainEqual({ kind: "directive", directive: { kind: "progress", percent: 100 } });
    expect(run.signals).toContainEqual({
      kind: "directive",
      directive: { kind: "touch", path: "docs/plan.md" },
    });
    expect(run.stats).toMatchObject({ lines: 17, invalidDirectives: 1, malformedLines: 0 });
  });

  it("understands directives from Claude and Codex agents too (a wrapper script may print them)", () => {
    expect(parseAgentLine("claude", "::progress 30")).toEqual([
      { kind: "directive", directive: { kind: "progress", percent: 30 } },
    ]);
    expect(parseAgentLine("codex", "::session abc-1")).toEqual([{ kind: "session", sessionId: "abc-1" }]);
  });

  it("looks for prompts in plain text of every kind, but not inside JSON", () => {
    expect(parseAgentLine("codex", "Continue? (y/n)")).toEqual([
      { kind: "waiting", reason: "permission-prompt", message: "Continue? (y/n)", sticky: false },
    ]);
    expect(
      parseAgentLine("claude", '{"type":"assistant","message":{"content":"Are you sure? [y/N]"}}'),
    ).toEqual([]);
    expect(parseAgentLine("generic", "compiling 3 files")).toEqual([]);
  });

  it("keeps the unknown-event counter bounded", () => {
    let stats = EMPTY_ADAPTER_STATS;
    for (let i = 0; i < 200; i += 1) {
      stats = countAdapterLine(stats, parseAgentLine("codex", JSON.stringify({ type: `kind-${i}` })));
    }
    stats = countAdapterLine(stats, parseAgentLine("codex", '{"type":"__proto__"}'));
    expect(Object.keys(stats.unknownEvents)).toHaveLength(51);
    expect(stats.unknownEvents["(other)"]).toBe(151);
    expect(stats.lines).toBe(201);
  });
});
