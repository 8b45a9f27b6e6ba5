// The lead's retrospective boxes as entries (one per non-empty line), with the limits the save contract enforces
// (lib/contracts/insights.ts uses these constants), so the page can name a box that is too long before saving.
import { RETRO_SECTIONS, type RetroSection, sectionTitle } from "./retrospective";

/** Longest entry (one line of a box) the server stores. */
export const RETRO_ENTRY_MAX_CHARS = 4000;
/** Most entries, all boxes together, in one save. */
export const RETRO_ENTRIES_MAX = 300;

export type RetroDraft = Record<RetroSection, string>;
export type RetroEntry = { section: RetroSection; text: string };

/** The entries to save, or the problems to show (each naming its box). */
export function readRetroDraft(draft: RetroDraft): { entries: RetroEntry[]; problems: string[] } {
  const entries = RETRO_SECTIONS.flatMap((section) =>
    draft[section]
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "")
      .map((text) => ({ section, text })),
  );
  const problems = RETRO_SECTIONS.flatMap((section) => {
    const longest = Math.max(0, ...entries.filter((e) => e.section === section).map((e) => e.text.length));
    return longest > RETRO_ENTRY_MAX_CHARS
      ? [
          `${sectionTitle(section)}: at most ${thousands(RETRO_ENTRY_MAX_CHARS)} characters per line (${thousands(longest)} given)`,
        ]
      : [];
  });
  if (entries.length > RETRO_ENTRIES_MAX)
    problems.push(
      `at most ${thousands(RETRO_ENTRIES_MAX)} entries in all (${thousands(entries.length)} given): merge some lines`,
    );
  return { entries, problems };
}

/** 4000 → "4,000". */
export function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
