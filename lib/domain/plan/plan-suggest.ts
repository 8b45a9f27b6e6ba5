// Suggestions for misspelt names (fields, track keys): the closest candidate within a third of the word's length
// in edits. Pure.

/** The closest of `candidates` to a misspelt `word`, if one is close enough to suggest. */
export function suggestName(word: string, candidates: readonly string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[-_\s]/g, "");
  const exact = candidates.find((candidate) => squash(candidate) === squash(word));
  if (exact !== undefined) return exact;
  let best: { name: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = measureEditDistance(word.toLowerCase(), candidate.toLowerCase());
    if (!best || distance < best.distance) best = { name: candidate, distance };
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best && best.distance <= limit ? best.name : undefined;
}

/** ' (did you mean "x"?)' or "". */
export function formatSuggestion(word: string, candidates: readonly string[]): string {
  const suggestion = suggestName(word, candidates);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}

// Edits between two words; two neighbouring letters swapped ("nmae") count as one edit, the commonest slip.
function measureEditDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(best);
    }
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}
