// Small helpers for the words built from keys and names (track keys, plan names) that the lead reads. Pure.

/** "A's", "notifications'": the possessive of a key or name, with a bare apostrophe after a final "s". */
export function possessive(name: string): string {
  return /s$/i.test(name) ? `${name}'` : `${name}'s`;
}

/** "track A", "tracks A, B": tracks named in a line, with the noun in number. */
export function tracksLabel(keys: readonly string[]): string {
  return `${keys.length === 1 ? "track" : "tracks"} ${keys.join(", ")}`;
}
