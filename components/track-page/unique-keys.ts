// React keys from content, made unique: lists here (reports, problems) may hold identical items.

/** The key of each item; a repeated key gets "#2", "#3" … in list order, so keys stay stable as items are appended. */
export function uniqueKeys<T>(items: readonly T[], keyOf: (item: T) => string): string[] {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const key = keyOf(item);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}
