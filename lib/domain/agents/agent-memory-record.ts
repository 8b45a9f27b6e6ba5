// When the owner writes a live agent's memory to its row, for the viewers (they cannot read the owner's /proc): at
// once when it is first measured and when its peak has grown by more than a tenth since the stored one (a viewer
// must not show a peak far below the real one), else its current figure at most every STORE_CURRENT_EVERY_MS, and
// only when it moved: an agent sampled four times a second must not be a row update four times a second.

/** A live agent's memory at one measurement. */
export type AgentMemoryReading = { currentBytes: number; peakBytes: number };

/** What was last stored of it, and when (epoch ms). */
export type StoredAgentMemory = AgentMemoryReading & { at: number };

/** The peak is stored again once it exceeds the stored one by this share. */
export const PEAK_GROWTH_TO_STORE = 0.1;
/** The current figure is stored at most this often. */
export const STORE_CURRENT_EVERY_MS = 10_000;

/** Whether `reading`, taken at `now`, should be stored over `stored` (null: nothing stored since it started). */
export function shouldStoreAgentMemory(
  stored: StoredAgentMemory | null,
  reading: AgentMemoryReading,
  now: number,
): boolean {
  if (stored === null) return reading.peakBytes > 0;
  if (reading.peakBytes > stored.peakBytes * (1 + PEAK_GROWTH_TO_STORE)) return true;
  if (now - stored.at < STORE_CURRENT_EVERY_MS) return false;
  return reading.currentBytes !== stored.currentBytes || reading.peakBytes !== stored.peakBytes;
}
