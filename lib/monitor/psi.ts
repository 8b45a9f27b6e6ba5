// Pressure stall information (PSI) for memory: how much of the last 10 s tasks spent waiting on memory.
import { readPseudoFile } from "./pseudo-file";

export type PsiReading = { some10: number; full10: number };

const PSI_LINE = /^(some|full)\s+.*\bavg10=(\d+(?:\.\d+)?)/;

/** avg10 of the "some" and "full" lines, in percent; null when there is no "some" line. */
export function parsePsi(text: string): PsiReading | null {
  let some10: number | null = null;
  let full10: number | null = null;
  for (const line of text.split("\n")) {
    const match = PSI_LINE.exec(line.trim());
    if (!match) continue;
    if (match[1] === "some") some10 = Number(match[2]);
    else full10 = Number(match[2]);
  }
  if (some10 === null) return null;
  // Only "some" can exist (the cpu file before Linux 5.13); no "full" line means no full stalls are reported.
  return { some10, full10: full10 ?? 0 };
}

/** Reads PSI; null when the kernel has none (CONFIG_PSI off, psi=0, not Linux) or the file is unreadable. */
export async function readPsi(path = "/proc/pressure/memory"): Promise<PsiReading | null> {
  const text = readPseudoFile(path);
  return text === null ? null : parsePsi(text);
}
