// A problem found in a plan document, before the parser gives it a line and column. Pure.

/** A problem before it is given a line and column: where it is (a data path) and whether to point at the key. */
export type Finding = {
  path: (string | number)[];
  message: string;
  severity: "error" | "warning";
  /** "key" points at the mapping key of the last path segment (unknown fields), "value" at the value. */
  at?: "key" | "value";
};

/** A finding with, when known, its offset in the plan's text (the parser's errors and the list slips have one). */
export type Located = Finding & { offset?: number };
