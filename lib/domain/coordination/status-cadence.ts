// When the daily status documents are due, and which span of time a day covers, in the server's local time. Pure:
// the caller gives the time and its UTC offset.

/** The local calendar day (YYYY-MM-DD) of `ms`, for a zone `offsetMinutes` east of UTC. */
export function localDate(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
}

/** The local day `date` as [from, to) in epoch ms. */
export function dayWindow(date: string, offsetMinutes: number): { from: number; to: number } {
  const from = Date.parse(`${date}T00:00:00.000Z`) - offsetMinutes * 60_000;
  return { from, to: from + 86_400_000 };
}

/**
 * The day whose documents are due now: today once the local time has passed `at` ("HH:MM") and today's have not
 * been written yet (`lastWritten`); otherwise null. A run that started after today's time waits for tomorrow's.
 */
export function dueStatusDate(
  now: number,
  at: string,
  lastWritten: string | null,
  offsetMinutes: number,
  runStartedAt: number = Number.NEGATIVE_INFINITY,
): string | null {
  const today = localDate(now, offsetMinutes);
  if (lastWritten !== null && lastWritten >= today) return null;
  const [hours = 0, minutes = 0] = at.split(":").map(Number);
  const dueAt = dayWindow(today, offsetMinutes).from + (hours * 60 + minutes) * 60_000;
  return now >= dueAt && runStartedAt <= dueAt ? today : null;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isStatusDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00.000Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}
