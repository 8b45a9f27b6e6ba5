// The raw plan data the cross-field checks read before (and whatever) the schema says.

/** One entry of tracks: as written, with its position and its key when it has a usable one. */
export type RawTrack = { index: number; data: Record<string, unknown>; key: string | undefined };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
