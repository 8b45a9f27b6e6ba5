// What a plan gets when it leaves a setting out: the RAM zones, the governor's timings, niceness and the status hour.
// The schema fills these in, and the checks and the engine read the same values.

/** RAM zone thresholds in percent, as the seed method sets them (Green <60 ≤ Yellow <75 ≤ Orange <85 ≤ Red). */
export const DEFAULT_ZONES = { yellow: 60, orange: 75, red: 85, hysteresis: 2 } as const;
/** Seconds in Red after pausing before the governor stops and requeues a track (pausing frees no memory). */
export const DEFAULT_GRACE_SECONDS = 5;
/** Seconds below Yellow before the governor resumes or admits, so the zone does not flap. */
export const DEFAULT_SETTLE_SECONDS = 10;
/** Seconds the first queued track may wait while smaller tracks start past it. */
export const DEFAULT_BACKFILL_SECONDS = 300;
/** Agents run at this CPU niceness unless the plan says otherwise, so the governor keeps sampling under load. */
export const DEFAULT_NICE = 10;
/** When the daily status documents are written unless the plan says otherwise (server time). */
export const DEFAULT_STATUS_AT = "18:00";
