// The facts about a track that conflict detection and ranking share, and the criteria a resolution names. Pure.

import type { AgentTier, Priority, TrackStatus } from "../types";

/** What the conflict checks need to know about a track. */
export type ConflictTrack = {
  key: string;
  scope: readonly string[];
  status: TrackStatus;
  tier: AgentTier;
  priority: Priority;
  /** Last reported progress (0–100); null when the track has not reported. */
  progressPercent: number | null;
};

/** Which of the seed's criteria settled the conflict ("tie": none did; the lead decides). */
export type ResolutionCriterion = "tier" | "priority" | "progress" | "scope-clarity" | "tie";
