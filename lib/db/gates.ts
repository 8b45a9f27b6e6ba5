// GateItem rows: each phase's evaluated checklist, and the lead's ticks on manual items.
import type { ManualTicks } from "../domain/phases/gate-evidence";
import type { GateItemResult, GateItemStatus } from "../domain/phases/gates";
import type { GateMode, PhaseNumber } from "../domain/phases/phases";
import type { GateItem as GateItemRow, PrismaClient } from "./generated/client";

/** A stored gate line; per-track ticks are stored under "<itemKey>:<trackKey>". */
export type StoredGateItem = {
  phase: number;
  itemKey: string;
  label: string;
  mode: GateMode;
  status: GateItemStatus;
  evidence: string | null;
  note: string | null;
  checkedBy: string | null;
  /** When the lead ticked it, or else when it was last evaluated. */
  at: string;
};

function toStored(row: GateItemRow): StoredGateItem {
  return {
    phase: row.phase,
    itemKey: row.itemKey,
    label: row.label,
    mode: row.mode === "manual" ? "manual" : "auto",
    status: row.status as GateItemStatus,
    evidence: row.evidence,
    note: row.note,
    checkedBy: row.checkedBy,
    at: row.at.toISOString(),
  };
}

export async function listGateItems(db: PrismaClient, runId: string): Promise<StoredGateItem[]> {
  const rows = await db.gateItem.findMany({ where: { runId }, orderBy: [{ phase: "asc" }, { id: "asc" }] });
  return rows.map(toStored);
}

/** The lead's ticks of one phase, keyed as gates.ts reads them. */
export function ticksOfPhase(items: readonly StoredGateItem[], phase: PhaseNumber): ManualTicks {
  const ticks: Record<string, { by: string; note: string | null; at: string }> = {};
  for (const item of items) {
    if (item.phase === phase && item.checkedBy !== null) {
      ticks[item.itemKey] = { by: item.checkedBy, note: item.note, at: item.at };
    }
  }
  return ticks;
}

/**
 * Stores a phase's evaluated checklist. Ticks (checkedBy, note) are left alone; a ticked row keeps
 * its tick time, the others take `at` as their evaluation time.
 */
export async function saveGateResults(
  db: PrismaClient,
  runId: string,
  phase: PhaseNumber,
  results: readonly GateItemResult[],
  at: Date,
): Promise<void> {
  await db.$transaction(
    results.map((r) => {
      const fields = { label: r.label, mode: r.mode, status: r.status, evidence: r.evidence };
      return db.gateItem.upsert({
        where: { runId_phase_itemKey: { runId, phase, itemKey: r.key } },
        create: { runId, phase, itemKey: r.key, ...fields, at },
        update: r.tick ? fields : { ...fields, at },
      });
    }),
  );
}

export type GateTick = {
  runId: string;
  phase: PhaseNumber;
  itemKey: string;
  label: string;
  mode: GateMode;
  /** false clears the tick. */
  checked: boolean;
  by: string;
  note: string | null;
  at: Date;
};

/** Records (or clears) the lead's tick; the row's status follows at the next evaluation. */
export async function saveGateTick(db: PrismaClient, tick: GateTick): Promise<void> {
  const tickFields = tick.checked
    ? { checkedBy: tick.by, note: tick.note, at: tick.at }
    : { checkedBy: null, note: null, at: tick.at };
  await db.gateItem.upsert({
    where: { runId_phase_itemKey: { runId: tick.runId, phase: tick.phase, itemKey: tick.itemKey } },
    create: {
      runId: tick.runId,
      phase: tick.phase,
      itemKey: tick.itemKey,
      label: tick.label,
      mode: tick.mode,
      status: tick.checked ? "pass" : "manual",
      ...tickFields,
    },
    update: tickFields,
  });
}
