// Conflict rows: scope conflicts from ::touch lines, and conflicts from the tracks' real changes (git) with their
// evidence, the seed's recommendation and the lead's ruling.
import type { ChangeConflict } from "../domain/coordination/change-conflict-types";
import type {
  ConflictRecord,
  ConflictRuling,
  ConflictState,
} from "../domain/coordination/coordination-views";
import type { Severity } from "../domain/types";
import type { Conflict as ConflictRow, PrismaClient } from "./generated/client";

export type ConflictView = {
  id: number;
  at: string;
  kind: string;
  severity: string;
  trackKeys: string[];
  description: string;
  status: string;
  resolution: string | null;
};

/** A ::touch conflict, decided on the spot by the old scope check. */
export async function createConflict(
  db: PrismaClient,
  c: {
    runId: string;
    kind: string;
    severity: string;
    trackKeys: string[];
    description: string;
    status: string;
    resolution: string | null;
    /** The paths concerned (the touched one). */
    files?: string[];
    /** When it was found (the engine's clock): a write that waited for the database keeps its own time. */
    at?: Date;
  },
): Promise<void> {
  const { files, at, ...rest } = c;
  await db.conflict.create({
    data: {
      ...rest,
      ...(at ? { at } : {}),
      trackKeys: c.trackKeys.join(","),
      files: files ? JSON.stringify(files) : null,
    },
  });
}

/**
 * The run's ::touch conflicts (out-of-scope, overlapping-work) as recorded: which tracks, which kind, which paths (the
 * first track named touched them). What a restarted server knows of the touches before it.
 */
export async function listTouchConflicts(
  db: PrismaClient,
  runId: string,
): Promise<{ kind: string; trackKeys: string[]; files: string[] }[]> {
  const rows = await db.conflict.findMany({
    where: { runId, kind: { in: ["out-of-scope", "overlapping-work"] }, files: { not: null } },
    select: { kind: true, trackKeys: true, files: true },
  });
  return rows.map((row) => {
    let files: unknown = [];
    try {
      files = JSON.parse(row.files!);
    } catch {}
    return {
      kind: row.kind,
      trackKeys: row.trackKeys.split(",").filter(Boolean),
      files: Array.isArray(files) ? files.filter((f): f is string => typeof f === "string") : [],
    };
  });
}

export async function listConflicts(db: PrismaClient, runId: string): Promise<ConflictView[]> {
  const rows = await db.conflict.findMany({ where: { runId }, orderBy: { at: "asc" } });
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    severity: r.severity,
    trackKeys: r.trackKeys.split(",").filter(Boolean),
    description: r.description,
    status: r.status,
    resolution: r.resolution,
  }));
}

/** Records a conflict found in the tracks' changes, open for the lead; returns it as stored. */
export async function createChangeConflict(
  db: PrismaClient,
  runId: string,
  conflict: ChangeConflict,
  at: Date,
): Promise<ConflictRecord> {
  const row = await db.conflict.create({
    data: {
      runId,
      at,
      source: "git",
      key: conflict.key,
      kind: conflict.kind,
      severity: conflict.severity,
      trackKeys: conflict.trackKeys.join(","),
      description: conflict.message,
      status: "open",
      files: JSON.stringify(conflict.files),
      evidence: JSON.stringify(conflict.evidence),
      recommendation: JSON.stringify(conflict.recommendation),
      updatedAt: at,
    },
  });
  return toConflictRecord(row);
}

/** New evidence of an open conflict that reaches more files now. */
export async function updateConflictEvidence(
  db: PrismaClient,
  id: number,
  conflict: ChangeConflict,
  at: Date,
): Promise<ConflictRecord> {
  const row = await db.conflict.update({
    where: { id },
    data: {
      severity: conflict.severity,
      description: conflict.message,
      files: JSON.stringify(conflict.files),
      evidence: JSON.stringify(conflict.evidence),
      recommendation: JSON.stringify(conflict.recommendation),
      updatedAt: at,
    },
  });
  return toConflictRecord(row);
}

/** The lead's ruling (or the conflict clearing by itself), and the tracks still held. */
export async function settleConflict(
  db: PrismaClient,
  id: number,
  settled: {
    state: Exclude<ConflictState, "open">;
    resolution: string;
    ruling: ConflictRuling | null;
    held: string[];
    by: string;
    at: Date;
  },
): Promise<ConflictRecord> {
  const row = await db.conflict.update({
    where: { id },
    data: {
      status: settled.state,
      resolution: settled.resolution,
      resolutionSteps: settled.ruling ? JSON.stringify(settled.ruling) : null,
      held: JSON.stringify(settled.held),
      resolvedBy: settled.by,
      resolvedAt: settled.at,
      updatedAt: settled.at,
    },
  });
  return toConflictRecord(row);
}

/** A held track was released (its branch no longer conflicts, or the lead resumed it). */
export async function setConflictHeld(
  db: PrismaClient,
  id: number,
  held: string[],
  at: Date,
): Promise<ConflictRecord> {
  const row = await db.conflict.update({
    where: { id },
    data: { held: JSON.stringify(held), updatedAt: at },
  });
  return toConflictRecord(row);
}

/** Every conflict of the run, oldest first, with evidence and rulings. */
export async function listConflictRecords(db: PrismaClient, runId: string): Promise<ConflictRecord[]> {
  const rows = await db.conflict.findMany({ where: { runId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  return rows.map(toConflictRecord);
}

export async function getConflictRecord(db: PrismaClient, id: number): Promise<ConflictRecord | null> {
  const row = await db.conflict.findUnique({ where: { id } });
  return row ? toConflictRecord(row) : null;
}

function toConflictRecord(row: ConflictRow): ConflictRecord {
  const source = row.source === "git" ? "git" : "touch";
  return {
    id: row.id,
    runId: row.runId,
    at: row.at.toISOString(),
    source,
    key: row.key,
    kind: row.kind as ConflictRecord["kind"],
    severity: row.severity as Severity,
    trackKeys: row.trackKeys.split(",").filter(Boolean),
    files: parseJson<string[]>(row.files) ?? [],
    message: row.description,
    state: toState(row.status, source),
    evidence: parseJson(row.evidence),
    recommendation: parseJson(row.recommendation),
    resolution: row.resolution,
    ruling: parseJson(row.resolutionSteps),
    held: parseJson<string[]>(row.held) ?? [],
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
    updatedAt: row.updatedAt?.toISOString() ?? null,
  };
}

/** ::touch conflicts were stored "open" (escalated) or "resolved" (decided on the spot). */
function toState(status: string, source: "touch" | "git"): ConflictState {
  if (status === "open" || status === "resolved" || status === "dismissed" || status === "cleared")
    return status;
  return source === "touch" ? "resolved" : "open";
}

function parseJson<T>(text: string | null): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}
