import { describe, expect, it } from "vitest";
import { readTranscript } from "../../../test/support/transcripts";
import { parseAgentLine } from "./agent-adapter";
import type { AgentSignal } from "./agent-signals";
import {
  type Attention,
  acknowledgeAttention,
  attentionChange,
  buildAttentionNotice,
  checkIdle,
  detectInputPrompt,
  noteAgentOutput,
  PROMPT_SETTLE_MS,
  sortNeedingLeadFirst,
  startAttention,
} from "./attention";

const T0 = Date.parse("2026-11-30T09:00:00Z");
const prompt: AgentSignal = {
  kind: "waiting",
  reason: "permission-prompt",
  message: "Proceed? [y/N]",
  sticky: false,
};
const denied: AgentSignal = {
  kind: "waiting",
  reason: "permission-denied",
  message: "permission needed: Bash",
  sticky: true,
};
const activity: AgentSignal = { kind: "activity", text: "editing" };

describe("detectInputPrompt", () => {
  it.each([
    "Do you want to proceed? [y/N]",
    "Overwrite config.json? (y/n)",
    "Apply these changes? (Y)es/(N)o [Yes]:",
    "Do you want to make this edit to config.ts?",
    "Allow command `rm -rf build`?",
    "Are you sure you want to continue connecting (yes/no/[fingerprint])?",
    "Press Enter to continue",
    "[sudo] password for dev:",
    "Enter passphrase for key '/home/dev/.ssh/id_ed25519':",
    "❯ 1. Yes",
    "Waiting for your approval",
  ])("sees a prompt in %j", (line) => {
    expect(detectInputPrompt(line)).toBe(line.trim());
  });

  it.each([
    "compiling 3 files",
    "test: do you want to proceed without a question mark",
    "The password field is validated on submit.",
    "allowance computed: 3",
    "",
    "y".repeat(500),
  ])("sees none in %j", (line) => {
    expect(detectInputPrompt(line)).toBeNull();
  });
});

describe("the attention tracker", () => {
  it("raises attention on a waiting signal and clears it when output resumes after the prompt settled", () => {
    let tracker = noteAgentOutput(startAttention(T0), [prompt], T0 + 1_000);
    expect(tracker.attention).toEqual({
      state: "needed",
      reason: "permission-prompt",
      message: "Proceed? [y/N]",
      since: T0 + 1_000,
      sticky: false,
    });
    // The rest of the prompt (a menu line) comes right after: still waiting.
    tracker = noteAgentOutput(tracker, [], T0 + 1_050);
    expect(tracker.attention.state).toBe("needed");
    tracker = noteAgentOutput(tracker, [activity], T0 + 1_000 + PROMPT_SETTLE_MS);
    expect(tracker.attention).toEqual({ state: "clear" });
  });

  it("keeps sticky attention through later output until the lead acknowledges it", () => {
    let tracker = noteAgentOutput(startAttention(T0), [denied], T0);
    tracker = noteAgentOutput(tracker, [activity], T0 + 60_000);
    expect(tracker.attention).toMatchObject({ state: "needed", reason: "permission-denied", since: T0 });
    // A passing prompt does not replace the sticky reason.
    tracker = noteAgentOutput(tracker, [prompt], T0 + 61_000);
    expect(tracker.attention).toMatchObject({ reason: "permission-denied", since: T0 });
    tracker = acknowledgeAttention(tracker, T0 + 62_000);
    expect(tracker).toEqual({ attention: { state: "clear" }, lastOutputAt: T0 + 62_000 });
  });

  it("lets a sticky wait replace a passing one", () => {
    let tracker = noteAgentOutput(startAttention(T0), [prompt], T0);
    tracker = noteAgentOutput(tracker, [denied], T0 + 10);
    expect(tracker.attention).toMatchObject({ reason: "permission-denied", sticky: true, since: T0 + 10 });
  });

  it("raises idle attention after idleMinutes without output, and any output clears it", () => {
    let tracker = startAttention(T0);
    expect(checkIdle(tracker, T0 + 9 * 60_000, 10)).toBe(tracker);
    tracker = checkIdle(tracker, T0 + 10 * 60_000, 10);
    expect(tracker.attention).toEqual({
      state: "needed",
      reason: "idle",
      message: "no output for 10 min",
      since: T0 + 10 * 60_000,
      sticky: false,
    });
    expect(checkIdle(startAttention(T0), T0 + 3 * 3_600_000, 10).attention).toMatchObject({
      message: "no output for 3 h",
    });
    tracker = noteAgentOutput(tracker, [], T0 + 10 * 60_000 + 1);
    expect(tracker.attention).toEqual({ state: "clear" });
    expect(checkIdle(startAttention(T0), T0 + 10 ** 9, null).attention.state).toBe("clear");
  });

  it("raises attention for the waiting line of a replayed transcript", () => {
    let tracker = startAttention(T0);
    readTranscript("generic-directives.txt").forEach((line, index) => {
      tracker = noteAgentOutput(tracker, parseAgentLine("generic", line), T0 + index * 100);
    });
    // The prompt is line 15 (index 14); the two lines after it come within the settle time.
    expect(tracker.attention).toMatchObject({
      state: "needed",
      reason: "permission-prompt",
      message: "Do you want to overwrite docs/plan.md? [y/N]",
      since: T0 + 1_400,
    });
  });
});

describe("attentionChange and sortNeedingLeadFirst", () => {
  const needed = (since: number): Attention => ({
    state: "needed",
    reason: "idle",
    message: "m",
    since,
    sticky: false,
  });

  it("reports raised and cleared edges only", () => {
    expect(attentionChange({ state: "clear" }, needed(1))).toBe("raised");
    expect(attentionChange(needed(1), { state: "clear" })).toBe("cleared");
    expect(attentionChange(needed(1), needed(1))).toBeNull();
    expect(attentionChange(needed(1), needed(2))).toBe("raised");
    expect(attentionChange({ state: "clear" }, { state: "clear" })).toBeNull();
  });

  it("puts tracks that need the lead first, the longest waiting first, others in their order", () => {
    const tracks = [
      { key: "a", attention: { state: "clear" } as Attention },
      { key: "b", attention: needed(20) },
      { key: "c", attention: { state: "clear" } as Attention },
      { key: "d", attention: needed(10) },
    ];
    expect(sortNeedingLeadFirst(tracks, (t) => t.attention).map((t) => t.key)).toEqual(["d", "b", "a", "c"]);
  });
});

describe("buildAttentionNotice", () => {
  it("says which track needs the lead and why, with a line for chat apps", () => {
    const notice = buildAttentionNotice({
      run: { id: "run-1", name: "Sprint 12" },
      track: { key: "A", name: "Parser" },
      attention: {
        state: "needed",
        reason: "permission-denied",
        message: "permission needed: Bash",
        since: T0,
        sticky: true,
      },
      url: "http://127.0.0.1:3000/tracks/A",
    });
    expect(notice).toEqual({
      event: "track.attention",
      text: "Paratrack: track A (Parser) needs a permission: permission needed: Bash",
      run: { id: "run-1", name: "Sprint 12" },
      track: { key: "A", name: "Parser" },
      reason: "permission-denied",
      message: "permission needed: Bash",
      since: "2026-11-30T09:00:00.000Z",
      url: "http://127.0.0.1:3000/tracks/A",
    });
  });
});
