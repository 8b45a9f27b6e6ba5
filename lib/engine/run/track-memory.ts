// The tracks' memory: each live agent's process tree measured in one /proc scan per sample, summed per track,
// kept as a per-track time series (with its retention), and pushed to the browsers. Each agent's own figures go to
// its row now and then (agent-memory-record.ts), for the viewers, which cannot read this machine's /proc.
import type { AgentLiveUpdate } from "../../db/agents";
import { type StoredAgentMemory, shouldStoreAgentMemory } from "../../domain/agents/agent-memory-record";
import { isActive } from "../../domain/phases/track-lifecycle";
import type { MemorySample } from "../../domain/types";
import { isRemoteAgent } from "../executors/track-executor";
import type { AgentSlot, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";

/** The tracks' rows are rewritten with their memory this often (the samples themselves every tick). */
const PERSIST_MEMORY_EVERY_MS = 5_000;
const RETENTION_EVERY_MS = 60_000;

export class TrackMemorySystem {
  private lastPersistAt = 0;
  private lastRetentionAt = 0;
  /** What was last stored of each live agent's memory, by agent id. */
  private readonly storedAgents = new Map<string, StoredAgentMemory>();

  constructor(private readonly ctx: RunContext) {}

  /** Measures every live agent; returns the agents' total (the budget view's use). */
  measure(): number {
    const run = this.ctx.state.active;
    if (!run) return 0;
    const slots: { track: TrackRuntime; slot: AgentSlot }[] = [];
    for (const t of run.tracks.values()) {
      if (!isActive(t.status)) continue;
      // An ending track's exited agents too: a child of a dead leader may still run (and hold memory) until the SIGKILL.
      for (const slot of t.agents)
        if (slot.handle && (!slot.exit || t.ending !== null)) slots.push({ track: t, slot });
    }
    // Issue 16: agents in Slurm jobs are measured by the executor's sstat poll, not in this machine's /proc.
    const local = slots.filter((s) => !isRemoteAgent(s.slot.handle));
    const fromProc = local.length > 0 ? this.ctx.measure(local.map((s) => s.slot.handle!)) : [];
    const measured = slots.map((s) =>
      isRemoteAgent(s.slot.handle) ? s.slot.handle.measure() : fromProc[local.indexOf(s)]!,
    );
    const perTrack = new Map<TrackRuntime, { bytes: number; methods: Set<string> }>();
    measured.forEach((m, i) => {
      const { track, slot } = slots[i]!;
      slot.currentBytes = m.bytes;
      slot.peakBytes = Math.max(slot.peakBytes, m.bytes);
      slot.pids = m.pids;
      if (m.processes > 0) slot.method = m.method;
      const acc = perTrack.get(track) ?? { bytes: 0, methods: new Set<string>() };
      acc.bytes += m.bytes;
      if (m.processes > 0) acc.methods.add(m.method);
      perTrack.set(track, acc);
    });
    let total = 0;
    for (const t of run.tracks.values()) {
      const acc = perTrack.get(t);
      t.currentBytes = acc?.bytes ?? 0;
      t.peakBytes = Math.max(t.peakBytes, t.currentBytes);
      if (acc && acc.methods.size > 0)
        t.memoryMethod = acc.methods.size === 1 ? ([...acc.methods][0] as "pss" | "rss" | "mixed") : "mixed";
      // The machine's budget counts what runs here: a Slurm job's memory is the cluster's.
      if (!t.agents.some((a) => isRemoteAgent(a.handle))) total += t.currentBytes;
    }
    return total;
  }

  /** Stores and pushes the live tracks' memory at this sample. */
  async recordSample(sample: MemorySample): Promise<void> {
    const { ctx } = this;
    const run = ctx.state.active;
    if (!run || run.finished) return;
    const at = new Date(sample.at);
    const live = [...run.tracks.values()].filter((t) => isActive(t.status));
    await ctx.save(
      "store the tracks' memory",
      () =>
        ctx.store.insertTrackSamples(
          at,
          live.map((t) => ({ trackId: t.id, bytes: t.currentBytes })),
        ),
      { droppable: true },
    );
    ctx.emitter.emit("tracks:memory", {
      at: sample.at,
      tracks: Object.fromEntries(live.map((t) => [t.plan.key, t.currentBytes])),
    });
    const nowMs = ctx.now();
    await this.storeAgentMemory(live, nowMs);
    if (nowMs - this.lastPersistAt >= PERSIST_MEMORY_EVERY_MS) {
      this.lastPersistAt = nowMs;
      for (const t of live) await ctx.persistTrack(run, t);
    }
    if (nowMs - this.lastRetentionAt >= RETENTION_EVERY_MS) {
      this.lastRetentionAt = nowMs;
      await ctx.save("fold old track samples", () => ctx.store.applyTrackSampleRetention(nowMs), {
        droppable: true,
      });
    }
  }

  /** Each live agent's memory on its row, when it grew or at most every few seconds (agent-memory-record.ts). */
  private async storeAgentMemory(live: readonly TrackRuntime[], nowMs: number): Promise<void> {
    const updates: AgentLiveUpdate[] = [];
    const seen = new Set<string>();
    for (const t of live)
      for (const slot of t.agents) {
        if (!slot.handle || slot.exit) continue;
        seen.add(slot.id);
        const reading = { currentBytes: slot.currentBytes, peakBytes: slot.peakBytes };
        if (!shouldStoreAgentMemory(this.storedAgents.get(slot.id) ?? null, reading, nowMs)) continue;
        this.storedAgents.set(slot.id, { ...reading, at: nowMs });
        updates.push({ id: slot.id, memory: { ...reading, method: slot.method } });
      }
    // Ended agents: their end stores their last figures.
    for (const id of this.storedAgents.keys()) if (!seen.has(id)) this.storedAgents.delete(id);
    if (updates.length === 0) return;
    await this.ctx.save("store the agents' memory", () => this.ctx.store.saveAgentLive(updates), {
      droppable: true,
    });
  }
}
