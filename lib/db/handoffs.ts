// Handoff rows: phase 4's handoffs of a run, their documents, artifacts (with sha256) and acknowledgements.
import type { HandoffState, HandoffView } from "../domain/coordination/coordination-views";
import type { HandoffArtifact } from "../domain/coordination/handoffs";
import type { Handoff as HandoffRow, PrismaClient } from "./generated/client";

/** Stores the handoff's current state whole (keyed by run, sender and receiver). */
export async function saveHandoff(db: PrismaClient, h: HandoffView): Promise<void> {
  const data = {
    state: h.state,
    acknowledge: h.acknowledge,
    artifacts: JSON.stringify(h.artifacts),
    unmatchedGlobs: JSON.stringify(h.unmatchedGlobs),
    document: h.document,
    documentPath: h.documentPath,
    reason: h.reason,
    deliveredAt: toDate(h.deliveredAt),
    acknowledgedAt: toDate(h.acknowledgedAt),
    acknowledgedBy: h.acknowledgedBy,
  };
  await db.handoff.upsert({
    where: { runId_fromKey_toKey: { runId: h.runId, fromKey: h.from, toKey: h.to } },
    create: { runId: h.runId, fromKey: h.from, toKey: h.to, ...data },
    update: data,
  });
}

export async function listHandoffs(db: PrismaClient, runId: string): Promise<HandoffView[]> {
  const rows = await db.handoff.findMany({ where: { runId }, orderBy: { id: "asc" } });
  return rows.map(toHandoffView);
}

function toHandoffView(r: HandoffRow): HandoffView {
  return {
    runId: r.runId,
    from: r.fromKey,
    to: r.toKey,
    state: r.state as HandoffState,
    acknowledge: r.acknowledge === "lead" ? "lead" : "auto",
    artifacts: parseList<HandoffArtifact>(r.artifacts),
    unmatchedGlobs: parseList<string>(r.unmatchedGlobs),
    document: r.document,
    documentPath: r.documentPath,
    reason: r.reason,
    deliveredAt: r.deliveredAt?.toISOString() ?? null,
    acknowledgedAt: r.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: r.acknowledgedBy,
  };
}

const toDate = (iso: string | null) => (iso === null ? null : new Date(iso));

function parseList<T>(text: string | null): T[] {
  if (text === null) return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}
