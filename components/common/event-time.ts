// When something happened, in one format across the dashboard and in the browser's time zone: the time of day for
// today's, the date before it on another day (the year too in another year). Runs last days: a clock alone would be
// ambiguous. Server-side days and schedules (the daily status) say which zone they are in with formatUtcOffset.

export type EventTimeOptions = {
  /** Show the date even today (a time beside a day heading in another zone, a tick that stays on screen). */
  withDate?: boolean;
  /** Seconds, for lists of events close together (default); off for times read at a glance. */
  seconds?: boolean;
};

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(date: boolean, year: boolean, seconds: boolean): Intl.DateTimeFormat {
  const id = `${date}${year}${seconds}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, {
      ...(date ? { month: "short", day: "numeric" } : {}),
      ...(year ? { year: "numeric" } : {}),
      hour: "2-digit",
      minute: "2-digit",
      ...(seconds ? { second: "2-digit" } : {}),
    });
    formats.set(id, format);
  }
  return format;
}

/**
 * "05:36:20 PM" today; "Dec 2, 05:36:20 PM" on another day; "Dec 2, 2025, 05:36:20 PM" in another year. The one
 * formatter for event times: use it rather than toLocaleString, so every page writes a time the same way.
 */
export function formatEventTime(
  at: string | number | Date,
  now: Date = new Date(),
  options: EventTimeOptions = {},
): string {
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return "";
  const isToday = d.toDateString() === now.toDateString();
  const isThisYear = d.getFullYear() === now.getFullYear();
  return formatFor(options.withDate === true || !isToday, !isThisYear, options.seconds ?? true).format(d);
}

/** "UTC+0", "UTC+9", "UTC−5:30": a zone's offset, in minutes east of UTC, as a label. */
export function formatUtcOffset(minutes: number): string {
  const sign = minutes < 0 ? "−" : "+";
  const abs = Math.abs(minutes);
  const hours = Math.floor(abs / 60);
  const rest = abs % 60;
  return `UTC${sign}${hours}${rest > 0 ? `:${String(rest).padStart(2, "0")}` : ""}`;
}

/** The browser's offset at `at`, in minutes east of UTC (the sign Date.getTimezoneOffset does not use). */
export function browserUtcOffset(at: Date = new Date()): number {
  return -at.getTimezoneOffset();
}
