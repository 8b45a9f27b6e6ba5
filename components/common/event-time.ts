// When something happened, for lists that span a run's days: the time of day for today's, the date with it before.

const timeOfDay = new Intl.DateTimeFormat(undefined, {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});
const dateAndTime = new Intl.DateTimeFormat(undefined, {
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** "05:36:20 PM" today; "Dec 2, 05:36:20 PM" on another day (runs last days: a clock alone would be ambiguous). */
export function formatEventTime(at: string | number | Date, now: Date = new Date()): string {
  const d = new Date(at);
  if (!Number.isFinite(d.getTime())) return "";
  return d.toDateString() === now.toDateString() ? timeOfDay.format(d) : dateAndTime.format(d);
}
