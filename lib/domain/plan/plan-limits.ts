// How large a plan may be. A plan is a few kB; these bounds keep a mistaken or hostile file from costing the
// server memory or seconds, and `paratrack validate` applies the same ones.
export const PLAN_LIMITS = {
  /** The plan file's text, in bytes (UTF-8). */
  sourceBytes: 1024 * 1024,
  tracks: 500,
  agentsPerTrack: 32,
  /** Plan, track and agent names. */
  nameChars: 200,
  keyChars: 64,
  /** Agent, test and resume commands. */
  commandChars: 16 * 1024,
  scopeGlobs: 200,
  globChars: 512,
  envEntries: 200,
  envValueChars: 8 * 1024,
  /** Workdirs and other paths. */
  pathChars: 4096,
  /** A track's expected duration (its upper end): longer is a slip (a unit, a digit too many). */
  durationDays: 365,
} as const;
