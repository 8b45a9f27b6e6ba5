// What an agent's output means beyond its log. Its adapter, chosen once per agent (Claude Code stream-json, Codex
// exec --json, generic "::" directives), turns each stdout line into signals: usage is tallied per agent attempt
// and stored on the agent's row (the session id at once), the activity line goes on the card, every line and its
// waiting signals feed the attention rules, and progress directives go back to the report path. Lines an adapter
// could not read are logged once and counted; stderr lines are checked for prompts only.
import {
  type AdapterStats,
  countAdapterLine,
  detectAgentKind,
  EMPTY_ADAPTER_STATS,
  parseAgentLine,
} from "../../domain/agents/agent-adapter";
import { applyUsageSignal, EMPTY_USAGE_TALLY, type UsageTally } from "../../domain/agents/agent-cost";
import type { AgentKind, AgentSignal } from "../../domain/agents/agent-signals";
import { detectInputPrompt } from "../../domain/agents/attention";
import {
  type AgentUsage,
  addAgentUsage,
  NO_USAGE,
  summariseAgentUsage,
} from "../../domain/agents/usage-totals";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { AttentionSystem } from "./attention";
import type { BudgetSystem } from "./budget";
import type { RunContext } from "./context";

/** Directives that go to the report path (progress, status, blockers, done/next, touch). */
export type ReportDirective = Extract<AgentSignal, { kind: "directive" }>["directive"];

/** A card's activity and usage are pushed at most this often (a chatty agent prints many lines a second). */
const PUSH_EVERY_MS = 250;

type Reading = {
  trackId: string;
  kind: AgentKind;
  stats: AdapterStats;
  tally: UsageTally;
  usage: AgentUsage;
  /** The usage changed since it was last stored. */
  dirty: boolean;
  /** The agent reports ::progress itself: its to-do list no longer sets the track's progress. */
  reportsProgress: boolean;
  /** Problems already logged (the first of each kind; the rest are counted). */
  warned: Set<"malformed" | "unknown-event" | "invalid-directive">;
};

export class AgentOutputSystem {
  /** By agent slot id (one per agent process); kept after its exit (its usage counts in its track's total, and a
   * descendant may still print a line), until the next run. */
  private readonly readings = new Map<string, Reading>();
  private readonly pushes = new Map<string, { at: number; timer: NodeJS.Timeout | null }>();
  /** The run the kept usage belongs to (a new run starts from nothing). */
  private runId: string | null = null;

  constructor(
    private readonly ctx: RunContext,
    private readonly attention: AttentionSystem,
    private readonly budget: BudgetSystem,
  ) {}

  /** One line of an agent's output; returns the directives for the report path. Never throws on bad input. */
  onLine(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    line: string,
    stream: "stdout" | "stderr" | "system",
  ): ReportDirective[] {
    if (stream === "system") return [];
    if (this.runId !== run.id) {
      this.runId = run.id;
      this.readings.clear();
    }
    const reading = this.readingOf(t, slot);
    const signals = stream === "stdout" ? parseAgentLine(reading.kind, line) : stderrSignals(line);
    if (stream === "stdout") reading.stats = countAdapterLine(reading.stats, signals);
    this.attention.noteOutput(run, t, slot, signals, this.ctx.now());
    const directives: ReportDirective[] = [];
    let usageChanged = false;
    let storeNow = false;
    let shown = false;
    for (const signal of signals) {
      switch (signal.kind) {
        case "activity":
          t.activity = signal.text;
          shown = true;
          break;
        case "directive":
          if (signal.directive.kind === "progress") reading.reportsProgress = true;
          directives.push(signal.directive);
          break;
        case "todo":
          // An agent's own to-do list (Codex todo_list, Claude TodoWrite) is its progress, unless it says ::progress.
          if (!reading.reportsProgress && signal.total > 0)
            directives.push({
              kind: "progress",
              percent: Math.round((signal.completed / signal.total) * 100),
            });
          break;
        case "session":
          // The track's next start resumes this session (a resume command's {session}: run/attempts.ts).
          slot.sessionId = signal.sessionId;
          t.sessions.set(slot.name, signal.sessionId);
          reading.tally = applyUsageSignal(reading.tally, signal, run.plan.prices ?? {});
          usageChanged = true;
          storeNow = true;
          break;
        case "tokens":
        case "cost":
        case "turns":
        case "model":
        case "result":
          reading.tally = applyUsageSignal(reading.tally, signal, run.plan.prices ?? {});
          usageChanged = true;
          // The session (a resume command needs it) and the verdict are stored at once; the rest each sample.
          storeNow ||= signal.kind === "result";
          break;
        case "malformed":
          this.warnOnce(
            t,
            slot,
            reading,
            "malformed",
            `a line is not valid JSON (${signal.error}); kept as text`,
          );
          break;
        case "unknown-event":
          this.warnOnce(
            t,
            slot,
            reading,
            "unknown-event",
            `an event of unknown type "${signal.eventType}"; ignored`,
          );
          break;
        case "invalid-directive":
          this.warnOnce(t, slot, reading, "invalid-directive", `malformed directive: ${signal.reason}`);
          break;
        case "waiting":
          break;
        default: {
          const unreachable: never = signal;
          return unreachable;
        }
      }
    }
    if (usageChanged) {
      this.updateUsage(run, t, reading);
      if (storeNow) this.storeUnderLock(run, t, slot.id);
    }
    if (shown || usageChanged) this.pushSoon(run, t);
    return directives;
  }

  /** Each sample: the usage that changed since the last one is stored. */
  async flush(): Promise<void> {
    for (const [slotId, reading] of this.readings) if (reading.dirty) await this.store(slotId);
  }

  /** The agent exited (called before its end is stored): its final usage, and what its adapter could not read. */
  async onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot): Promise<void> {
    const { ctx } = this;
    this.attention.onAgentExit(run, t, slot);
    const reading = this.readings.get(slot.id);
    if (!reading) return;
    if (reading.dirty) await this.store(slot.id);
    const { stats } = reading;
    const unknown = Object.values(stats.unknownEvents).reduce((sum, n) => sum + n, 0);
    if (stats.malformedLines + stats.invalidDirectives + unknown > 0) {
      const parts = [
        stats.malformedLines ? `${stats.malformedLines} malformed line(s)` : null,
        stats.invalidDirectives ? `${stats.invalidDirectives} invalid directive(s)` : null,
        unknown
          ? `${unknown} event(s) of unknown type (${Object.entries(stats.unknownEvents)
              .map(([type, n]) => `${type} ×${n}`)
              .join(", ")})`
          : null,
      ].filter((part) => part !== null);
      await ctx.record(
        run,
        "agent:unparsed",
        {
          agent: slot.name,
          attempt: slot.attempt,
          lines: stats.lines,
          malformedLines: stats.malformedLines,
          invalidDirectives: stats.invalidDirectives,
          unknownEvents: stats.unknownEvents,
        },
        {
          severity: "low",
          message: `Agent ${slot.name} of track ${t.plan.key} (${reading.kind}): of ${stats.lines} lines, ${parts.join(", ")} were not understood`,
          actor: "system",
          trackKey: t.plan.key,
        },
      );
    }
  }

  private readingOf(t: TrackRuntime, slot: AgentSlot): Reading {
    let reading = this.readings.get(slot.id);
    if (!reading) {
      const spec = t.plan.agents.find((agent) => agent.name === slot.name);
      reading = {
        trackId: t.id,
        kind: detectAgentKind(slot.command, spec?.kind),
        stats: EMPTY_ADAPTER_STATS,
        tally: EMPTY_USAGE_TALLY,
        usage: summariseAgentUsage(EMPTY_USAGE_TALLY, {}, null),
        dirty: false,
        reportsProgress: false,
        warned: new Set(),
      };
      this.readings.set(slot.id, reading);
    }
    return reading;
  }

  /** The agent's usage summarised, the track's total (every attempt) updated, and the budgets checked. */
  private updateUsage(run: ActiveRun, t: TrackRuntime, reading: Reading): void {
    reading.usage = summariseAgentUsage(reading.tally, run.plan.prices ?? {}, t.modelInForce);
    reading.dirty = true;
    let total = NO_USAGE;
    for (const other of this.readings.values())
      if (other.trackId === t.id) total = addAgentUsage(total, other.usage);
    t.usage = total;
    this.budget.check(run);
  }

  private async store(slotId: string): Promise<void> {
    const reading = this.readings.get(slotId);
    if (!reading) return;
    reading.dirty = false;
    let stored = false;
    await this.ctx.save(`store the usage of agent ${slotId}`, async () => {
      stored = await this.ctx.store.saveAgentUsage(slotId, reading.usage);
    });
    // Its row is written when its process has started; until then the usage waits for the next flush.
    if (!stored) reading.dirty = true;
  }

  /** On the track's lock: the agent's row is created under it, so it exists by then. */
  private storeUnderLock(run: ActiveRun, t: TrackRuntime, slotId: string): void {
    this.ctx.background(
      `store the session of an agent of ${t.plan.key}`,
      this.ctx.withLock(t, () => this.store(slotId)),
      run,
      t.plan.key,
    );
  }

  private warnOnce(
    t: TrackRuntime,
    slot: AgentSlot,
    reading: Reading,
    problem: Reading["warned"] extends Set<infer P> ? P : never,
    message: string,
  ): void {
    if (reading.warned.has(problem)) return;
    reading.warned.add(problem);
    this.ctx.logger.warn(
      { track: t.plan.key, agent: slot.name, kind: reading.kind },
      `agent ${slot.name} of track ${t.plan.key}: ${message} (further ones are counted and reported when it exits)`,
    );
  }

  /** Pushes the card now, or once PUSH_EVERY_MS has passed since the last push. */
  private pushSoon(run: ActiveRun, t: TrackRuntime): void {
    const { ctx } = this;
    const push = this.pushes.get(t.id) ?? { at: 0, timer: null };
    this.pushes.set(t.id, push);
    if (push.timer) return;
    const wait = push.at + PUSH_EVERY_MS - ctx.now();
    const send = () => {
      push.timer = null;
      push.at = ctx.now();
      ctx.emitTrack(run, t);
    };
    if (wait <= 0) send();
    else {
      push.timer = setTimeout(send, Math.min(wait, PUSH_EVERY_MS));
      push.timer.unref();
    }
  }
}

/** stderr carries prompts (sudo, ssh, git) but no protocol. */
function stderrSignals(line: string): AgentSignal[] {
  const prompt = detectInputPrompt(line);
  return prompt ? [{ kind: "waiting", reason: "permission-prompt", message: prompt, sticky: false }] : [];
}
