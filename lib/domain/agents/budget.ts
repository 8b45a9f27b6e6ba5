// The dollar budget of a track and of a run (maxCostUsd): an alert at 80 %, a pause at 100 % with the reason.
// Pure: the engine passes what was spent and the levels it saw last; actions fire when a level is first reached.
import { formatSpend, formatUsd, type Spend } from "./agent-cost";

export const BUDGET_ALERT_FRACTION = 0.8;

export type BudgetLevel = "ok" | "alert" | "exceeded";

export type BudgetCheck = {
  level: BudgetLevel;
  spentUsd: number;
  maxCostUsd: number | null;
  /** Parts (attempts) whose cost is unknown: the spend is a lower bound. */
  unknownParts: number;
  /** Share of the budget spent (0–1+), null without a budget. */
  fraction: number | null;
};

/** Where a spend stands against a budget; no budget (null) is always "ok". */
export function checkBudget(spend: Spend, maxCostUsd: number | null): BudgetCheck {
  const base = { spentUsd: spend.usd, maxCostUsd, unknownParts: spend.unknownParts };
  if (maxCostUsd === null) return { ...base, level: "ok", fraction: null };
  const fraction = maxCostUsd <= 0 ? (spend.usd > 0 ? Number.POSITIVE_INFINITY : 1) : spend.usd / maxCostUsd;
  const level: BudgetLevel = fraction >= 1 ? "exceeded" : fraction >= BUDGET_ALERT_FRACTION ? "alert" : "ok";
  return { ...base, level, fraction };
}

/** A track's budget blocks starting it again (the lead raises maxCostUsd or overrides with a reason). */
export function isBudgetExhausted(check: BudgetCheck): boolean {
  return check.level === "exceeded";
}

export type BudgetAction =
  | { kind: "budget-alert"; scope: "track" | "run"; trackKey: string | null; reason: string }
  | { kind: "budget-pause"; scope: "track" | "run"; trackKeys: string[]; reason: string };

export type BudgetInput = {
  run: { spend: Spend; maxCostUsd: number | null; previous: BudgetLevel };
  tracks: readonly {
    key: string;
    spend: Spend;
    maxCostUsd: number | null;
    previous: BudgetLevel;
    /** Running tracks are the ones a pause applies to. */
    isRunning: boolean;
  }[];
};

export type BudgetDecision = {
  actions: BudgetAction[];
  /** Remember these and pass them back as `previous` next time. */
  levels: { run: BudgetLevel; tracks: Record<string, BudgetLevel> };
};

/**
 * Alerts when a budget first reaches 80 %, pauses when it first reaches 100 %: the track itself, or every running
 * track for the run's budget. A level that drops (the lead raised the budget) re-arms its alert and pause.
 */
export function decideBudgetActions(input: BudgetInput): BudgetDecision {
  const actions: BudgetAction[] = [];
  const tracks: Record<string, BudgetLevel> = {};
  for (const track of input.tracks) {
    const check = checkBudget(track.spend, track.maxCostUsd);
    tracks[track.key] = check.level;
    if (!rose(track.previous, check.level)) continue;
    const reason = describeBudget(`Track ${track.key}`, check);
    if (check.level === "alert")
      actions.push({ kind: "budget-alert", scope: "track", trackKey: track.key, reason });
    else if (track.isRunning) {
      actions.push({
        kind: "budget-pause",
        scope: "track",
        trackKeys: [track.key],
        reason: `${reason}; paused`,
      });
    } else actions.push({ kind: "budget-alert", scope: "track", trackKey: track.key, reason });
  }
  const run = checkBudget(input.run.spend, input.run.maxCostUsd);
  if (rose(input.run.previous, run.level)) {
    const reason = describeBudget("The run", run);
    const running = input.tracks.filter((track) => track.isRunning).map((track) => track.key);
    if (run.level === "exceeded" && running.length > 0) {
      actions.push({
        kind: "budget-pause",
        scope: "run",
        trackKeys: running,
        reason: `${reason}; paused ${running.join(", ")}`,
      });
    } else {
      actions.push({ kind: "budget-alert", scope: "run", trackKey: null, reason });
    }
  }
  return { actions, levels: { run: run.level, tracks } };
}

/** "Track A spent $4.10 of its $5.00 budget (82 %)", with "+ unknown" when some costs are unknown. */
export function describeBudget(subject: string, check: BudgetCheck): string {
  const spent = formatSpend({ usd: check.spentUsd, unknownParts: check.unknownParts });
  if (check.maxCostUsd === null) return `${subject} spent ${spent} (no budget)`;
  const percent =
    check.fraction === null || !Number.isFinite(check.fraction)
      ? ""
      : ` (${Math.round(check.fraction * 100)} %)`;
  const verdict =
    check.level === "exceeded" ? ": budget reached" : check.level === "alert" ? ": 80 % of the budget" : "";
  return `${subject} spent ${spent} of its ${formatUsd(check.maxCostUsd)} budget${percent}${verdict}`;
}

const ORDER: Record<BudgetLevel, number> = { ok: 0, alert: 1, exceeded: 2 };

function rose(previous: BudgetLevel, now: BudgetLevel): boolean {
  return ORDER[now] > ORDER[previous];
}
