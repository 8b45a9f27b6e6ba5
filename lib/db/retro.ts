// RetroEntry rows: the lead's retrospective notes (what worked well, improvements, lessons learned).
import { RETRO_SECTIONS, type RetroSection } from "../domain/reporting/retrospective";
import type { PrismaClient } from "./generated/client";

export type RetroEntryView = { section: RetroSection; text: string; updatedAt: string };

const isSection = (value: string): value is RetroSection =>
  (RETRO_SECTIONS as readonly string[]).includes(value);

/** The run's entries in the order the lead wrote them; rows with an unknown section are skipped. */
export async function listRetroEntries(db: PrismaClient, runId: string): Promise<RetroEntryView[]> {
  const rows = await db.retroEntry.findMany({ where: { runId }, orderBy: { id: "asc" } });
  return rows.flatMap((r) =>
    isSection(r.section) ? [{ section: r.section, text: r.text, updatedAt: r.updatedAt.toISOString() }] : [],
  );
}

/** Replaces all of the run's entries at once, so a save never leaves half of an edit behind. */
export async function replaceRetroEntries(
  db: PrismaClient,
  runId: string,
  entries: readonly { section: RetroSection; text: string }[],
): Promise<void> {
  await db.$transaction([
    db.retroEntry.deleteMany({ where: { runId } }),
    db.retroEntry.createMany({ data: entries.map((e) => ({ runId, section: e.section, text: e.text })) }),
  ]);
}
