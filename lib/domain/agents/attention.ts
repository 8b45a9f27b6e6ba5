// When an agent needs the lead: it shows a permission prompt, its adapter says it waits (a question, a denied
// permission), or it has printed nothing for idleMinutes. Pure: the engine feeds output and clock ticks in.
import type { AgentSignal, WaitingReason } from "./agent-signals";

export type AttentionReason = WaitingReason | "idle";

export type Attention =
  | { state: "clear" }
  | {
      state: "needed";
      reason: AttentionReason;
      message: string;
      /** Epoch ms when it was raised. */
      since: number;
      /** Sticky attention stays until the lead acknowledges it; the rest clears when the agent moves on. */
      sticky: boolean;
    };

/** An agent's attention state plus when it last printed anything (for the idle rule). */
export type AttentionTracker = { attention: Attention; lastOutputAt: number };

/**
 * Output that follows a prompt within this long is the rest of the prompt (a menu, a hint), not the agent moving on.
 * Output after it clears a non-sticky prompt.
 */
export const PROMPT_SETTLE_MS = 2_000;

const CLEAR: Attention = { state: "clear" };

// Prompts of interactive CLIs (coreutils, git, npm, Aider, Claude Code's and Codex's TUIs, sudo, ssh) that block
// until someone answers. Matched against one line of output; a false alarm costs the lead one click.
const PROMPT_PATTERNS: readonly RegExp[] = [
  /[[(]\s*y(?:es)?\s*\/\s*n(?:o)?\s*[\])]/i,
  /\(Y\)es\/\(N\)o/i,
  /\bdo you want to (?:proceed|continue|make this edit|create|allow|run|overwrite|apply)\b.*\?/i,
  /^\s*(?:allow|approve)\b.*\?\s*$/i,
  /\bare you sure\b.*\?/i,
  /\bpress (?:enter|return|any key) to (?:continue|proceed|confirm)/i,
  /\bwaiting for (?:your )?(?:input|approval|confirmation)\b/i,
  /^\s*\[sudo\] password for\b/i,
  /\b(?:password|passphrase)(?: for [^:]+)?:\s*$/i,
  /^\s*[❯>]\s*1\.\s*Yes\b/,
  /\benter (?:your )?(?:choice|selection)\b/i,
];

/** The prompt in one line of plain output, or null: a line that waits for someone to answer. */
export function detectInputPrompt(line: string): string | null {
  const text = line.trim();
  if (text === "" || text.length > 400) return null;
  return PROMPT_PATTERNS.some((pattern) => pattern.test(text)) ? text : null;
}

/** A tracker for an agent that started (or resumed, or was acknowledged) at `now`. */
export function startAttention(now: number): AttentionTracker {
  return { attention: CLEAR, lastOutputAt: now };
}

/**
 * Folds one line of output (its adapter signals) into the tracker: a waiting signal raises attention (a sticky
 * one wins over a passing one), and output after a passing prompt has settled, or any output while idle, clears it.
 */
export function noteAgentOutput(
  tracker: AttentionTracker,
  signals: readonly AgentSignal[],
  at: number,
): AttentionTracker {
  const waiting = signals.find(
    (signal): signal is Extract<AgentSignal, { kind: "waiting" }> => signal.kind === "waiting",
  );
  const current = tracker.attention;
  if (waiting) {
    const keep =
      current.state === "needed" && current.reason !== "idle" && (current.sticky || !waiting.sticky);
    if (keep) return { attention: current, lastOutputAt: at };
    return {
      attention: {
        state: "needed",
        reason: waiting.reason,
        message: waiting.message,
        since: at,
        sticky: waiting.sticky,
      },
      lastOutputAt: at,
    };
  }
  if (current.state === "needed" && !current.sticky) {
    const movedOn = current.reason === "idle" || at - current.since >= PROMPT_SETTLE_MS;
    if (movedOn) return { attention: CLEAR, lastOutputAt: at };
  }
  return { attention: current, lastOutputAt: at };
}

/**
 * The idle rule, for a running (not paused) agent: nothing printed for idleMinutes raises attention.
 * null idleMinutes turns the rule off.
 */
export function checkIdle(
  tracker: AttentionTracker,
  now: number,
  idleMinutes: number | null,
): AttentionTracker {
  if (idleMinutes === null || idleMinutes <= 0 || tracker.attention.state === "needed") return tracker;
  const quietMs = now - tracker.lastOutputAt;
  if (quietMs < idleMinutes * 60_000) return tracker;
  return {
    ...tracker,
    attention: {
      state: "needed",
      reason: "idle",
      message: `no output for ${formatMinutes(quietMs)}`,
      since: now,
      sticky: false,
    },
  };
}

/** The lead saw it: clear, and restart the idle clock so it does not fire again at once. */
export function acknowledgeAttention(_tracker: AttentionTracker, now: number): AttentionTracker {
  return startAttention(now);
}

/** "raised" / "cleared" when the state flips (notify the browser and the webhook on "raised"), else null. */
export function attentionChange(before: Attention, after: Attention): "raised" | "cleared" | null {
  if (before.state === after.state) {
    return before.state === "needed" && after.state === "needed" && before.since !== after.since
      ? "raised"
      : null;
  }
  return after.state === "needed" ? "raised" : "cleared";
}

/** Tracks that need the lead first (longest waiting first), the rest in their given order. */
export function sortNeedingLeadFirst<T>(items: readonly T[], attentionOf: (item: T) => Attention): T[] {
  return items
    .map((item, index) => ({ item, index, attention: attentionOf(item) }))
    .sort((a, b) => {
      const aSince = a.attention.state === "needed" ? a.attention.since : Number.POSITIVE_INFINITY;
      const bSince = b.attention.state === "needed" ? b.attention.since : Number.POSITIVE_INFINITY;
      return aSince === bSince ? a.index - b.index : aSince < bSince ? -1 : 1;
    })
    .map((entry) => entry.item);
}

function formatMinutes(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  return minutes >= 120 ? `${Math.floor(minutes / 60)} h` : `${minutes} min`;
}

/** What the browser notification and the webhook say when a track needs the lead (JSON; `text` for chat apps). */
export type AttentionNotice = {
  event: "track.attention";
  text: string;
  run: { id: string; name: string };
  track: { key: string; name: string };
  reason: AttentionReason;
  message: string;
  /** ISO time it was raised. */
  since: string;
  /** The track's page on the dashboard, when the server knows its own address. */
  url: string | null;
};

const REASON_WORDS: Record<AttentionReason, string> = {
  "permission-prompt": "waits for an answer",
  "permission-denied": "needs a permission",
  question: "asks a question",
  idle: "has gone quiet",
};

export function buildAttentionNotice(input: {
  run: { id: string; name: string };
  track: { key: string; name: string };
  attention: Extract<Attention, { state: "needed" }>;
  url: string | null;
}): AttentionNotice {
  const { attention } = input;
  return {
    event: "track.attention",
    text: `Paratrack: track ${input.track.key} (${input.track.name}) ${REASON_WORDS[attention.reason]}: ${attention.message}`,
    run: input.run,
    track: input.track,
    reason: attention.reason,
    message: attention.message,
    since: new Date(attention.since).toISOString(),
    url: input.url,
  };
}
