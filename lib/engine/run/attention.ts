// When an agent needs the lead: each agent's output (a prompt, an adapter's waiting signal) and the clock (no
// output for idleMinutes) feed the pure attention rules; a track needs the lead while any live agent does. A raise
// goes to the card (TrackView.attention), to the browsers as a notice (track:attention: a browser notification), to
// the events feed and to the plan's webhook (its URL is never shown); the lead acknowledges it through the API.
import type { AgentSignal } from "../../domain/agents/agent-signals";
import {
  type AttentionTracker,
  acknowledgeAttention,
  buildAttentionNotice,
  checkIdle,
  noteAgentOutput,
  startAttention,
} from "../../domain/agents/attention";
import type { AttentionView, TrackView } from "../../domain/views";
import { type ActiveRun, type AgentSlot, type TrackRuntime, toTrackView } from "../track-runtime";
import type { RunContext } from "./context";
import { runNotifier } from "./run-notifier";

export class AttentionSystem {
  /** By agent slot id: its attention and when it last printed. */
  private readonly trackers = new Map<string, AttentionTracker>();

  constructor(private readonly ctx: RunContext) {
    // A resumed track has been quiet because it was stopped: its idle clock starts again.
    ctx.bus.on("trackStatusChanged", ({ runId, trackKey, from, to }) => {
      const run = ctx.state.active;
      if (run?.id !== runId || from !== "paused" || to !== "running") return;
      const t = run.tracks.get(trackKey);
      if (t) this.restartIdleClock(t);
    });
  }

  /** One line of an agent's output (its signals) at `at`. */
  noteOutput(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    signals: readonly AgentSignal[],
    at: number,
  ): void {
    const before = this.trackerOf(slot);
    const after = noteAgentOutput(before, signals, at);
    this.trackers.set(slot.id, after);
    if (after.attention !== before.attention) this.refresh(run, t);
  }

  /** Each sample: agents of running tracks that have printed nothing for idleMinutes need the lead. */
  checkIdle(run: ActiveRun): void {
    const now = this.ctx.now();
    for (const t of run.tracks.values()) {
      const idleMinutes = t.plan.idleMinutes ?? null;
      if (t.status !== "running" || idleMinutes === null) continue;
      let changed = false;
      for (const slot of liveSlots(t)) {
        const before = this.trackerOf(slot);
        const after = checkIdle(before, now, idleMinutes);
        if (after === before) continue;
        this.trackers.set(slot.id, after);
        changed = true;
      }
      if (changed) this.refresh(run, t);
    }
  }

  /** A dead agent waits for nobody. */
  onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot): void {
    this.trackers.delete(slot.id);
    this.refresh(run, t);
  }

  /** The lead saw it: every agent of the track is clear, and their idle clocks start again. */
  async acknowledge(key: string): Promise<TrackView> {
    const { ctx } = this;
    const { run, track: t } = ctx.trackOf(key);
    const reasons = t.attention ? [t.attention.reason] : [];
    const now = ctx.now();
    for (const slot of liveSlots(t))
      this.trackers.set(slot.id, acknowledgeAttention(this.trackerOf(slot), now));
    this.refresh(run, t);
    await ctx.record(
      run,
      "attention:acknowledged",
      { reasons },
      {
        severity: "info",
        message: `Track ${key}: the lead acknowledged${reasons.length ? ` (${reasons.join(", ")})` : ""}`,
        actor: "lead",
        trackKey: key,
      },
    );
    return toTrackView(run.id, t);
  }

  private trackerOf(slot: AgentSlot): AttentionTracker {
    return this.trackers.get(slot.id) ?? startAttention(slot.startedAt);
  }

  private restartIdleClock(t: TrackRuntime): void {
    const now = this.ctx.now();
    for (const slot of liveSlots(t))
      this.trackers.set(slot.id, { ...this.trackerOf(slot), lastOutputAt: now });
  }

  /** The track's attention: the agent waiting longest; pushed when it changes, announced when it is raised. */
  private refresh(run: ActiveRun, t: TrackRuntime): void {
    let next: AttentionView | null = null;
    for (const slot of liveSlots(t)) {
      const attention = this.trackers.get(slot.id)?.attention;
      if (attention?.state !== "needed") continue;
      if (next !== null && Date.parse(next.since) <= attention.since) continue;
      next = {
        reason: attention.reason,
        message: attention.message,
        since: new Date(attention.since).toISOString(),
        agent: slot.name,
        sticky: attention.sticky,
      };
    }
    const before = t.attention;
    if (sameAttention(before, next)) return;
    t.attention = next;
    this.ctx.emitTrack(run, t);
    if (next === null) return;
    if (before === null || before.since !== next.since || before.agent !== next.agent)
      this.announce(run, t, next);
  }

  private announce(run: ActiveRun, t: TrackRuntime, attention: AttentionView): void {
    const { ctx } = this;
    const notice = buildAttentionNotice({
      run: { id: run.id, name: run.name },
      track: { key: t.plan.key, name: t.plan.name },
      attention: {
        state: "needed",
        reason: attention.reason,
        message: attention.message,
        since: Date.parse(attention.since),
        sticky: attention.sticky,
      },
      url: ctx.baseUrl() ? `${ctx.baseUrl()}/tracks/${encodeURIComponent(t.plan.key)}` : null,
    });
    ctx.emitter.emit("track:attention", notice);
    const notifier = runNotifier(ctx, run);
    notifier?.notify(notice);
    ctx.background(
      `record the attention of ${t.plan.key}`,
      ctx.record(
        run,
        "attention:raised",
        {
          agent: attention.agent,
          reason: attention.reason,
          message: attention.message,
          notified: notifier !== null,
        },
        { severity: "high", message: notice.text, actor: "agent", trackKey: t.plan.key },
      ),
    );
  }
}

function liveSlots(t: TrackRuntime): AgentSlot[] {
  return t.agents.filter((slot) => slot.exit === null);
}

function sameAttention(a: AttentionView | null, b: AttentionView | null): boolean {
  if (a === null || b === null) return a === b;
  return a.reason === b.reason && a.message === b.message && a.since === b.since && a.agent === b.agent;
}
