// The one bounded buffer of the client: live samples, per-track memory and log lines are appended to lists that
// must not grow for as long as a tab stays open (days).

export type Bound<T> = {
  /** Keep at most this many items (the newest). */
  max: number;
  /** Also drop items older than this many ms before the newest one (items must be in time order). */
  window?: { ms: number; timeOf: (item: T) => number };
};

/** `list` followed by `items`, cut to the bound; `list` is not changed. */
export function appendBounded<T>(list: readonly T[] | undefined, items: readonly T[], bound: Bound<T>): T[] {
  const joined = [...(list ?? []), ...items];
  let first = Math.max(0, joined.length - bound.max);
  const newest = joined.at(-1);
  if (bound.window && newest !== undefined) {
    const { ms, timeOf } = bound.window;
    const cutoff = timeOf(newest) - ms;
    // In time order, so only the head can be too old: walk it instead of parsing every item.
    while (first < joined.length - 1 && timeOf(joined[first] as T) < cutoff) first++;
  }
  return first > 0 ? joined.slice(first) : joined;
}

/** `timeOf` for items stamped with an ISO `at`. */
export const atTime = (item: { at: string }): number => Date.parse(item.at);
