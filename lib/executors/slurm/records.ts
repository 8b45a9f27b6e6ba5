// Parsers for the text Slurm's commands print: `scontrol show … -o` records (Key=Value on one line), sizes
// with Slurm's binary suffixes (512M, 1.50G, 216K) and exit codes ("0:15" = exit status 0, signal 15).

/** One `scontrol show <entity> -o` line as key → value; "(null)", "N/A" and "None" are kept as written. */
export type SlurmRecord = Record<string, string>;

// A key starts a word and runs to "=": letters, digits and the separators scontrol uses in keys
// (Socks/Node, NtasksPerN:B:S:C, ReqB:S:C:T, CPUs/Task, AllocNode:Sid).
const KEY_START = /(?:^|\s+)([A-Za-z][A-Za-z0-9_/:]*)=/g;

/**
 * Parses one `-o` record. Values may contain spaces (OS=Linux 6.1 #1 SMP …, Reason=Low RealMemory [root@…]) and
 * "=" (TRES=cpu=1,mem=100M): a value runs until the next space-separated `Key=`.
 */
export function parseSlurmRecord(line: string): SlurmRecord {
  const record: SlurmRecord = {};
  const starts: Array<{ key: string; keyAt: number; valueAt: number }> = [];
  for (const match of line.matchAll(KEY_START)) {
    // Only after a space (or at the start): in "TRES=cpu=1,mem=100M", "cpu=" belongs to the value.
    starts.push({ key: match[1] ?? "", keyAt: match.index, valueAt: match.index + match[0].length });
  }
  starts.forEach((start, index) => {
    const end = starts[index + 1]?.keyAt ?? line.length;
    record[start.key] = line.slice(start.valueAt, end).trim();
  });
  return record;
}

/** Every record of a `scontrol show … -o` output, one per non-empty line. */
export function parseSlurmRecords(text: string): SlurmRecord[] {
  return text
    .split("\n")
    .filter((line) => line.trim().length > 0 && line.includes("="))
    .map(parseSlurmRecord);
}

/** Slurm's "unset" spellings. */
export function isUnset(value: string | undefined): boolean {
  return value === undefined || value === "" || value === "(null)" || value === "N/A" || value === "None";
}

const SIZE = /^(\d+(?:\.\d+)?)([KMGTP]?)$/i;
const FACTORS: Record<string, number> = {
  "": 1,
  K: 1024,
  M: 1024 ** 2,
  G: 1024 ** 3,
  T: 1024 ** 4,
  P: 1024 ** 5,
};

/**
 * Bytes from a Slurm size: binary suffixes K/M/G/T/P; a bare number is in `bareUnit` (sstat prints bytes for
 * tiny values, scontrol's RealMemory/AllocMem/FreeMem are MiB). Null for "", "N/A", "0n" forms and garbage.
 */
export function parseSlurmSize(text: string | undefined, bareUnit: "B" | "K" | "M" = "B"): number | null {
  if (text === undefined || isUnset(text.trim())) return null;
  const match = SIZE.exec(text.trim());
  if (!match) return null;
  const suffix = (match[2] ?? "").toUpperCase();
  const factor = suffix === "" ? (FACTORS[bareUnit === "B" ? "" : bareUnit] ?? 1) : (FACTORS[suffix] ?? 1);
  return Math.round(Number(match[1]) * factor);
}

/** "0:15" → exit status 0, signal 15 (Slurm's ExitCode and DerivedExitCode). */
export type SlurmExitCode = { status: number; signal: number };

export function parseSlurmExitCode(text: string | undefined): SlurmExitCode | null {
  const match = /^(\d+):(\d+)$/.exec(text?.trim() ?? "");
  return match ? { status: Number(match[1]), signal: Number(match[2]) } : null;
}

/** "2026-12-04T21:04:00" (the controller's local time, no zone) → epoch ms in this process's zone; null when unset. */
export function parseSlurmTime(text: string | undefined): number | null {
  if (text === undefined || isUnset(text) || text === "Unknown") return null;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}

/** "1-02:03:04", "02:03:04", "03:04" (squeue/scontrol elapsed forms) → seconds; null when not such a form. */
export function parseSlurmDuration(text: string | undefined): number | null {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+)$/.exec(text?.trim() ?? "");
  if (!match) return null;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86_400 + Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds);
}
