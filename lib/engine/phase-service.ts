// The run's five phases and their validation gates: evaluated from real data, persisted, ticked by the
// lead, and advanced only when the gate passes or the lead overrides with a reason.

import { listGateItems, type StoredGateItem, saveGateResults, saveGateTick, ticksOfPhase } from "../db/gates";
import { advanceRunPhase } from "../db/runs";
import type { GateEvidence } from "../domain/phases/gate-evidence";
import {
  type AdvanceDecision,
  canAdvance,
  evaluateGate,
  evaluateTrackGate,
  type GateItemResult,
  type GateItemStatus,
} from "../domain/phases/gates";
import {
  type GateItemKey,
  getPhase,
  isPhaseNumber,
  nextPhase,
  PHASE_NUMBERS,
  PHASES,
  type PhaseNumber,
} from "../domain/phases/phases";
import { computeRunMetrics } from "../domain/reporting/metrics";
import { EngineError, InvalidInputError } from "./errors";
import type { AdvanceInput, AdvanceResult, PhaseGateView, PhasesView, TickInput } from "./phase-views";
import { buildGateEvidence, buildMetricsInput } from "./run-evidence";
import {
  defaultIsPidAlive,
  type FactsEngine,
  type FactsOptions,
  loadRunFacts,
  type RunFacts,
} from "./run-facts";

const PER_TRACK_KEYS: readonly GateItemKey[] = [
  "track-deliverables-complete",
  "track-quality-gates-passed",
  "handoff-documentation-ready",
  "resources-released",
];

type Closure = { at: string; to: PhaseNumber | null; override: string | null };

export function createPhaseService(engine: FactsEngine, opts: FactsOptions = {}): PhaseService {
  const now = opts.now ?? Date.now;
  const isPidAlive = opts.isPidAlive ?? defaultIsPidAlive;

  /** Evaluates every phase's gate from the run's facts and the stored ticks. */
  function evaluateAll(facts: RunFacts, stored: readonly StoredGateItem[]) {
    const metrics = computeRunMetrics(buildMetricsInput(facts));
    const base = buildGateEvidence(
      facts,
      { metrics },
      { sampleIntervalMs: engine.config.sampleIntervalMs, isPidAlive },
    );
    return new Map(
      PHASE_NUMBERS.map((p) => {
        const ticks = ticksOfPhase(stored, p);
        return [p, { ticks, evidence: { ...base, manualTicks: ticks } as GateEvidence }] as const;
      }),
    );
  }

  /** The phases the lead closed, from the run's "phase:advanced" events (the latest per phase wins). */
  function closuresOf(facts: RunFacts): Map<PhaseNumber, Closure> {
    const closed = new Map<PhaseNumber, Closure>();
    for (const e of facts.events) {
      if (e.kind !== "phase:advanced") continue;
      const { from, to, override } = e.details;
      closed.set(from, { at: e.at, to, override: override || null });
    }
    return closed;
  }

  function positionOf(facts: RunFacts, closures: Map<PhaseNumber, Closure>) {
    const current: PhaseNumber = isPhaseNumber(facts.run.phase) ? facts.run.phase : 1;
    return { current, complete: current === 5 && closures.has(5) };
  }

  /** Every phase's gate: closed ones as they closed, open ones evaluated now (and stored when `store` says so). */
  async function buildView(facts: RunFacts, opts: { store: boolean }): Promise<PhasesView> {
    const db = engine.db;
    const stored = await listGateItems(db, facts.run.id);
    const evaluated = evaluateAll(facts, stored);
    const closures = closuresOf(facts);
    const { current, complete } = positionOf(facts, closures);
    const at = new Date(now());
    const phases: PhaseGateView[] = [];
    for (const def of PHASES) {
      const p = def.number;
      const { evidence, ticks } = evaluated.get(p)!;
      const isClosed = complete || p < current;
      const frozen = isClosed ? storedResults(stored, p) : null;
      const items = frozen ?? evaluateGate(p, evidence);
      if (!frozen && opts.store) {
        // Only what changed is written: a row's time says when its result became what it is.
        const changed = items.filter((r) => hasChanged(r, stored, p));
        if (changed.length > 0) await saveGateResults(db, facts.run.id, p, changed, at);
      }
      const closure = closures.get(p);
      const trackItems =
        p === 4 ? (evidence.completion ?? []).flatMap((t) => evaluateTrackGate(t, ticks)) : null;
      phases.push({
        number: p,
        title: def.title,
        timing: def.timing,
        objective: def.objective,
        cadence: def.cadence,
        outputs: def.outputs,
        state: isClosed
          ? closure?.override
            ? "overridden"
            : "passed"
          : p === current
            ? "current"
            : "upcoming",
        items: items.map((r) => ({ ...r, tickable: !isClosed && isTickable(r) })),
        trackItems: trackItems?.map((r) => ({ ...r, tickable: !isClosed && isTickable(r) })) ?? null,
        passes: items.every((r) => r.status === "pass"),
        closedAt: closure?.at ?? null,
        overrideReason: closure?.override ?? null,
        evaluatedAt: frozen ? latestAt(stored, p) : at.toISOString(),
      });
    }
    return {
      runId: facts.run.id,
      runName: facts.run.name,
      runStatus: facts.run.status,
      currentPhase: current,
      complete,
      phases,
    };
  }

  async function load(runId: string | undefined) {
    return loadRunFacts(engine, runId, { now, isPidAlive });
  }

  return {
    /** Every phase's gate and the current phase; open gates are evaluated for the answer, nothing is written. */
    async phases(runId?: string): Promise<PhasesView> {
      return buildView(await load(runId), { store: false });
    },

    /**
     * Evaluates the open gates and stores their results: the engine calls it when something they read changes
     * (a track's status, the run's end), and ticks and advances do it too.
     */
    async recordOpenGates(runId: string): Promise<void> {
      await buildView(await load(runId), { store: true });
    },

    /** The lead ticks (or unticks) a manual item of an open phase, with a note. */
    async tick(runId: string | undefined, phase: PhaseNumber, input: TickInput): Promise<PhasesView> {
      const facts = await load(runId);
      const closures = closuresOf(facts);
      const { current, complete } = positionOf(facts, closures);
      if (complete || phase < current) {
        throw new EngineError(`phase ${phase}'s gate is closed; ticks can no longer change it`, 409);
      }
      const [baseKey, trackKey] = splitItemKey(input.itemKey);
      const item = getPhase(phase).gate.find((i) => i.key === baseKey);
      if (!item) {
        throw new InvalidInputError(`phase ${phase}'s gate has no item "${baseKey}"`, {
          items: getPhase(phase).gate.map((i) => i.key),
        });
      }
      if (trackKey !== undefined) {
        if (phase !== 4 || !PER_TRACK_KEYS.includes(item.key))
          throw new InvalidInputError(`"${item.key}" is not a per-track item`, null);
        if (!facts.tracks.some((t) => t.key === trackKey))
          throw new InvalidInputError(`the run has no track "${trackKey}"`, null);
      }
      const stored = await listGateItems(engine.db, facts.run.id);
      const { evidence, ticks } = evaluateAll(facts, stored).get(phase)!;
      const result =
        trackKey === undefined
          ? evaluateGate(phase, evidence).find((r) => r.key === item.key)
          : evaluateTrackGate((evidence.completion ?? []).find((t) => t.key === trackKey)!, ticks).find(
              (r) => r.key === item.key,
            );
      const alreadyTicked = ticks[input.itemKey] !== undefined;
      if (!result || (!isTickable(result) && !alreadyTicked)) {
        throw new EngineError(
          `"${item.label}" is checked automatically (${result?.status ?? "pending"}: ${result?.evidence ?? ""}); it cannot be ticked`,
          409,
        );
      }
      const by = input.by?.trim() || "lead";
      const note = input.note?.trim() || null;
      await saveGateTick(engine.db, {
        runId: facts.run.id,
        phase,
        itemKey: input.itemKey,
        label: item.label,
        mode: item.mode,
        checked: input.checked,
        by,
        note,
        at: new Date(now()),
      });
      const what = trackKey ? `"${item.label}" for track ${trackKey}` : `"${item.label}"`;
      await engine.events.record(
        input.checked ? "gate:ticked" : "gate:unticked",
        { phase, itemKey: input.itemKey, checked: input.checked, note, by },
        {
          severity: "info",
          message: `Phase ${phase} gate: ${what} ${input.checked ? "ticked" : "unticked"} by ${by}${note ? `: ${note}` : ""}`,
          actor: "lead",
          runId: facts.run.id,
          trackKey: trackKey ?? null,
        },
      );
      return buildView(await load(facts.run.id), { store: true });
    },

    /** Closes the current phase's gate: when every item passes, or with the lead's override reason. */
    async advance(runId: string | undefined, input: AdvanceInput = {}): Promise<AdvanceResult> {
      const facts = await load(runId);
      const { current: from, complete } = positionOf(facts, closuresOf(facts));
      if (complete) throw new EngineError("all five phase gates are closed; the workflow is complete", 409);
      const reason = input.override?.reason.trim() ?? "";
      const closed = await closeGate(facts, from, {
        override: reason ? reason : null,
        by: input.by?.trim() || "lead",
        actor: "lead",
      });
      return { from, ...closed, view: await buildView(await load(facts.run.id), { store: true }) };
    },

    /**
     * The run ended: its current phase moves to 5 (integration), whose gate the lead closes. Each gate still open
     * before it is closed by the system, as passed when it passes, else overridden with "the run ended" and its
     * open items named (the retrospective lists it with the overrides). Once the tracks' quality gates are done.
     */
    async onRunEnded(runId: string): Promise<void> {
      let facts = await load(runId);
      // A quality gate still testing a track: the gates would close on "pending"; its end calls this again.
      const testing = facts.tracks.some((t) => t.testStatus === "running");
      let { current } = positionOf(facts, closuresOf(facts));
      while (!testing && current < 5) {
        await closeGate(facts, current, {
          override: `the run ended (${facts.run.status}) before this gate was closed`,
          by: "system",
          actor: "system",
        });
        facts = await load(runId);
        current = positionOf(facts, closuresOf(facts)).current;
      }
      await buildView(facts, { store: true });
    },
  };

  /**
   * Stores the phase's results and closes its gate (moving the run to the next phase) when it passes or an
   * override is given; a failing gate without one is refused with its blocking items. Records "phase:advanced".
   */
  async function closeGate(
    facts: RunFacts,
    from: PhaseNumber,
    how: { override: string | null; by: string; actor: "lead" | "system" },
  ): Promise<Omit<AdvanceResult, "from" | "view">> {
    const stored = await listGateItems(engine.db, facts.run.id);
    const { evidence } = evaluateAll(facts, stored).get(from)!;
    const results = evaluateGate(from, evidence);
    const decision: AdvanceDecision = canAdvance(
      results,
      how.override ? { reason: how.override } : undefined,
    );
    await saveGateResults(engine.db, facts.run.id, from, results, new Date(now()));
    if (!decision.ok) {
      const list = decision.blocking.map((b) => `${b.label} (${b.status})`).join("; ");
      throw new EngineError(`phase ${from}'s gate does not pass: ${list}`, 409, {
        blocking: decision.blocking,
      });
    }
    const to = nextPhase(from);
    if (to !== null) {
      if (!(await advanceRunPhase(engine.db, facts.run.id, from, to)))
        throw new EngineError("the phase changed meanwhile; reload and try again", 409);
    }
    const title = getPhase(from).title;
    const head =
      to === null
        ? `Phase 5 (${title}) closed: the workflow is complete`
        : `Phase ${from} (${title}) → phase ${to} (${getPhase(to).title})`;
    const overridden = decision.overridden ? `, gate overridden by ${how.by}: ${decision.reason}` : "";
    await engine.events.record(
      "phase:advanced",
      {
        from,
        to,
        override: decision.overridden ? decision.reason : null,
        blocking: decision.blocking.map((b) => ({ key: b.key, status: b.status })),
        by: how.by,
      },
      {
        severity: decision.overridden ? "medium" : "info",
        message: decision.overridden
          ? `${head}${overridden} (not passed: ${decision.blocking.map((b) => b.label).join(", ")})`
          : `${head}: gate passed${how.actor === "system" ? " (closed when the run ended)" : ""}`,
        actor: how.actor,
        runId: facts.run.id,
        trackKey: null,
      },
    );
    return { to, overridden: decision.overridden, reason: decision.reason };
  }
}

export type PhaseService = {
  phases(runId?: string): Promise<PhasesView>;
  recordOpenGates(runId: string): Promise<void>;
  tick(runId: string | undefined, phase: PhaseNumber, input: TickInput): Promise<PhasesView>;
  advance(runId: string | undefined, input?: AdvanceInput): Promise<AdvanceResult>;
  onRunEnded(runId: string): Promise<void>;
};

function hasChanged(result: GateItemResult, stored: readonly StoredGateItem[], phase: PhaseNumber): boolean {
  const row = stored.find((s) => s.phase === phase && s.itemKey === result.key);
  return (
    !row ||
    row.status !== result.status ||
    row.evidence !== result.evidence ||
    row.label !== result.label ||
    row.mode !== result.mode
  );
}

function isTickable(r: GateItemResult): boolean {
  return r.mode === "manual" || r.status === "manual" || r.tick !== null;
}

function splitItemKey(itemKey: string): [string, string | undefined] {
  const i = itemKey.indexOf(":");
  return i === -1 ? [itemKey, undefined] : [itemKey.slice(0, i), itemKey.slice(i + 1)];
}

/** A closed phase's results as stored when it closed; null when they were never stored. */
function storedResults(stored: readonly StoredGateItem[], phase: PhaseNumber): GateItemResult[] | null {
  const rows = stored.filter((s) => s.phase === phase);
  const items = getPhase(phase).gate.map((item) => {
    const row = rows.find((r) => r.itemKey === item.key);
    if (!row) return null;
    const result: GateItemResult = {
      key: item.key,
      label: item.label,
      mode: item.mode,
      status: row.status as GateItemStatus,
      evidence: row.evidence ?? "",
      tick: row.checkedBy ? { by: row.checkedBy, note: row.note, at: row.at } : null,
    };
    return result;
  });
  return items.every((i) => i !== null) ? (items as GateItemResult[]) : null;
}

function latestAt(stored: readonly StoredGateItem[], phase: PhaseNumber): string {
  const times = stored.filter((s) => s.phase === phase).map((s) => s.at);
  return times.sort().at(-1) ?? new Date(0).toISOString();
}

/** Parses a phase number from a URL segment. */
export function parsePhaseParam(value: string): PhaseNumber | null {
  const n = Number(value);
  return isPhaseNumber(n) ? n : null;
}
