// Watching what the agents say, spend and need, as one part of the controller: their output read by adapters
// (agent-output.ts), the budgets (budget.ts), the attention state (attention.ts) and the local models' memory
// (model-memory.ts). The controller calls it on each line (through the report system), each sample and each exit.
import type { TrackView } from "../../domain/views";
import type { ActiveRun, AgentSlot, TrackRuntime } from "../track-runtime";
import { AgentOutputSystem } from "./agent-output";
import { AttentionSystem } from "./attention";
import { BudgetSystem } from "./budget";
import type { RunContext } from "./context";
import { ModelMemorySystem } from "./model-memory";
import type { SignalSystem } from "./signals";

export class AgentWatch {
  readonly output: AgentOutputSystem;
  private readonly attention: AttentionSystem;
  private readonly budget: BudgetSystem;
  private readonly models: ModelMemorySystem;

  constructor(
    private readonly ctx: RunContext,
    signals: SignalSystem,
  ) {
    this.attention = new AttentionSystem(ctx);
    this.budget = new BudgetSystem(ctx, signals);
    this.output = new AgentOutputSystem(ctx, this.attention, this.budget);
    this.models = new ModelMemorySystem(ctx);
  }

  /** Memory the agents hold outside their process trees: their share of the loaded local models. */
  extraAgentBytes(): number {
    return this.models.ramBytes();
  }

  /** Each sample: usage stored, idle agents noticed, the local models' shares updated. */
  async onSample(): Promise<void> {
    const run = this.ctx.state.active;
    if (!run || run.finished) return;
    this.attention.checkIdle(run);
    this.models.onSample(run);
    await this.output.flush();
  }

  onAgentExit(run: ActiveRun, t: TrackRuntime, slot: AgentSlot): Promise<void> {
    return this.output.onAgentExit(run, t, slot);
  }

  acknowledgeAttention(key: string): Promise<TrackView> {
    return this.attention.acknowledge(key);
  }

  /** The lead's new budget for a track (or, with null, the run); answers with the track or null. */
  async setBudget(trackKey: string | null, maxCostUsd: number | null): Promise<void> {
    await this.budget.setBudget(trackKey, maxCostUsd);
  }

  stop(): void {
    this.models.stop();
  }
}
