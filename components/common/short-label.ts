// Long track keys in narrow places (the Gantt's label column on a phone, the planner's mini-Gantt): cut in the
// middle, since keys of one plan often share their start ("search-indexing", "security-review") and differ at
// the end. Pure; the full key always goes beside the label in a title or accessible name.

const ELLIPSIS = "…";

/** `text` in at most `maxChars` characters: its start, "…", its end ("sear…xing"); the start gets the odd one. */
export function truncateMiddle(text: string, maxChars: number): string {
  return splitAt(text, maxChars, Math.ceil((maxChars - 1) / 2));
}

/** `text` cut to `maxChars` keeping `head` characters of its start and the rest of its end. */
function splitAt(text: string, maxChars: number, head: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return ELLIPSIS;
  const tail = maxChars - 1 - head;
  return `${text.slice(0, head)}${ELLIPSIS}${tail > 0 ? text.slice(text.length - tail) : ""}`;
}

/**
 * A label of at most `maxChars` for each key, cut in the middle; keys whose labels would read alike get another
 * split of the same length where one tells them apart (more of the start, or more of the end). Keys that differ
 * only in their middle may still share a label: their full keys are in the title.
 */
export function shortLabels(keys: readonly string[], maxChars: number): Map<string, string> {
  const labels = new Map(keys.map((key) => [key, truncateMiddle(key, maxChars)]));
  const byLabel = new Map<string, string[]>();
  for (const [key, label] of labels) byLabel.set(label, [...(byLabel.get(label) ?? []), key]);
  for (const group of byLabel.values()) {
    if (group.length < 2) continue;
    const taken = new Set([...labels].filter(([key]) => !group.includes(key)).map(([, label]) => label));
    for (let head = maxChars - 2; head >= 1; head--) {
      const tried = group.map((key) => splitAt(key, maxChars, head));
      if (new Set(tried).size === group.length && tried.every((label) => !taken.has(label))) {
        for (const [i, key] of group.entries()) labels.set(key, tried[i]!);
        break;
      }
    }
  }
  return labels;
}
