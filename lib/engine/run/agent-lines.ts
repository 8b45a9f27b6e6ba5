// Every line an agent writes arrives here from its log file (read by a follower that survives restarts): a line
// read again after a restart is passed over, the reading position is stored (at most once a second per agent), and
// the line goes on to the reports (and the agent's adapter, which keeps its session for the resume command).
import type { LogEntry } from "../../agents/log-follower";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import type { RunContext } from "./context";
import type { ReportSystem } from "./reports";

/** How often an agent's reading position is stored while lines flow; a restart re-reads at most this much. */
const POSITION_SAVE_MS = 1_000;

type PendingPosition = { cursor: string; lastLineKey: number; timer: NodeJS.Timeout | null };

export class AgentLineSystem {
  private readonly pending = new Map<string, PendingPosition>();

  constructor(
    private readonly ctx: RunContext,
    private readonly reports: ReportSystem,
  ) {}

  /** One line of an agent's log, in order; `entry` is absent for lines that did not come from a log file. */
  onLine(
    run: ActiveRun,
    t: TrackRuntime,
    slot: AgentSlot,
    line: string,
    stream: "stdout" | "stderr" | "system",
    entry?: LogEntry,
  ): void {
    if (entry) {
      // Read again from an older position after a restart: its effects are stored already.
      if (entry.key <= slot.lastLineKey) return;
      slot.lastLineKey = entry.key;
      this.notePosition(slot, entry);
    }
    this.reports.onAgentLine(
      run,
      t,
      slot,
      line,
      stream,
      entry ? { agentId: slot.id, lineKey: entry.key } : null,
      // When the shim read it: lines read late (after a restart, a takeover) keep their own time.
      entry?.at ? Date.parse(entry.at) : null,
    );
  }

  /** The agent's end as its output tells it: final usage and session, what its adapter could not read. */
  onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot): Promise<void> {
    return this.reports.onAgentExit(run, t, slot);
  }

  /** Stores a slot's last position now (its agent exited or the server detaches from it). */
  async flush(slot: AgentSlot): Promise<void> {
    const position = this.pending.get(slot.id);
    if (!position) return;
    if (position.timer) clearTimeout(position.timer);
    this.pending.delete(slot.id);
    await this.ctx.save(`store the log position of agent ${slot.name}`, () =>
      this.ctx.store.saveAgentLogPosition(slot.id, {
        cursor: position.cursor,
        lastLineKey: position.lastLineKey,
      }),
    );
  }

  /** Stores every pending position (shutdown, detach). */
  async flushAll(slots: readonly AgentSlot[]): Promise<void> {
    await Promise.all(slots.map((slot) => this.flush(slot)));
  }

  private notePosition(slot: AgentSlot, entry: LogEntry) {
    const existing = this.pending.get(slot.id);
    const position: PendingPosition = {
      cursor: JSON.stringify(entry.cursor),
      lastLineKey: entry.key,
      timer: existing?.timer ?? null,
    };
    this.pending.set(slot.id, position);
    if (!position.timer) {
      position.timer = setTimeout(() => {
        position.timer = null;
        void this.flush(slot);
      }, POSITION_SAVE_MS);
      position.timer.unref();
    }
  }
}
