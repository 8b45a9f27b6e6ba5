// What the phases page and the API show of the run's five phases and their gates, and what the lead sends.
import type { GateItemResult } from "../domain/phases/gates";
import type { GateCadence, PhaseNumber } from "../domain/phases/phases";

/** "passed"/"overridden": the lead advanced past it; "current": its gate decides the next step. */
export type PhaseState = "passed" | "overridden" | "current" | "upcoming";

export type GateItemView = GateItemResult & {
  /** The lead may tick (or untick) it: a manual item, or an auto item with no data that falls back to a tick. */
  tickable: boolean;
};

export type PhaseGateView = {
  number: PhaseNumber;
  title: string;
  timing: string;
  objective: string;
  cadence: GateCadence;
  outputs: readonly string[];
  state: PhaseState;
  items: GateItemView[];
  /** Phase 4 only: the per-track gate of every track. */
  trackItems: GateItemView[] | null;
  passes: boolean;
  /** When the lead advanced past it, and the override reason if the gate did not pass. */
  closedAt: string | null;
  overrideReason: string | null;
  /** When these results were evaluated (a closed phase shows the results it closed with). */
  evaluatedAt: string;
};

export type PhasesView = {
  runId: string;
  runName: string;
  runStatus: string;
  /** The phase whose gate is open; stays 5 once the workflow is complete. */
  currentPhase: PhaseNumber;
  /** Phase 5's gate has closed: the run's workflow is done. */
  complete: boolean;
  phases: PhaseGateView[];
};

export type TickInput = { itemKey: string; note?: string | null; checked: boolean; by?: string };
export type AdvanceInput = { override?: { reason: string }; by?: string };
export type AdvanceResult = {
  from: PhaseNumber;
  /** null when phase 5's gate closed the workflow. */
  to: PhaseNumber | null;
  overridden: boolean;
  reason: string | null;
  view: PhasesView;
};
