// TrackProfile rows: each track's learned memory profile (lib/domain/governor/memory-profile.ts), kept across runs
// per plan name and track key, so that admission projects its growth on the next run; the kind key lets a track
// borrow the growth shape of another track of the same kind.
import { z } from "zod";
import type { MemoryProfile } from "../domain/governor/memory-profile";
import type { PrismaClient } from "./generated/client";

/** A stored profile with what it is filed under. */
export type StoredTrackProfile = {
  planName: string;
  trackKey: string;
  kindKey: string;
  profile: MemoryProfile;
  updatedAt: Date;
};

/** A row whose profile could not be read (edited by hand, or written by another version): skipped, with why. */
export type UnreadableTrackProfile = { planName: string; trackKey: string; error: string };

/** At most this many rows are read per run start: the plan's own and the newest of its kinds. */
const LOAD_LIMIT = 1_000;

const point = z.tuple([z.number().finite().nonnegative(), z.number().finite().nonnegative()]);
const profileSchema = z.object({
  source: z.enum(["learned", "plan"]),
  peakBytes: z.number().finite().nonnegative(),
  timeToPeakMs: z.number().finite().nonnegative(),
  durationMs: z.number().finite().nonnegative().nullable(),
  runs: z.number().int().nonnegative(),
  samples: z.number().int().nonnegative(),
  envelope: z.array(point).min(1),
  progress: z.array(z.tuple([z.number().finite().nonnegative(), z.number().min(0).max(100)])).optional(),
});

/** Reads a stored profile's JSON; throws with what is wrong. */
export function parseMemoryProfile(json: string): MemoryProfile {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = profileSchema.safeParse(value);
  if (!parsed.success) throw new Error(z.prettifyError(parsed.error).replace(/\n/g, "; "));
  return parsed.data as MemoryProfile;
}

/**
 * The profiles of the plan's tracks and of any track of these kinds (other plans' too), newest first. Rows that
 * cannot be read are returned apart, so the caller can say so; they never stop a run.
 */
export async function loadTrackProfiles(
  db: PrismaClient,
  query: { planName: string; kindKeys: readonly string[] },
): Promise<{ profiles: StoredTrackProfile[]; unreadable: UnreadableTrackProfile[] }> {
  const rows = await db.trackProfile.findMany({
    where: { OR: [{ planName: query.planName }, { kindKey: { in: [...query.kindKeys] } }] },
    orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    take: LOAD_LIMIT,
  });
  const profiles: StoredTrackProfile[] = [];
  const unreadable: UnreadableTrackProfile[] = [];
  for (const row of rows) {
    try {
      profiles.push({
        planName: row.planName,
        trackKey: row.trackKey,
        kindKey: row.kindKey,
        profile: parseMemoryProfile(row.profile),
        updatedAt: row.updatedAt,
      });
    } catch (error) {
      unreadable.push({
        planName: row.planName,
        trackKey: row.trackKey,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return { profiles, unreadable };
}

/** Stores the track's profile, replacing the one it had (learnProfile already merged the old one into it). */
export async function saveTrackProfile(
  db: PrismaClient,
  entry: {
    planName: string;
    trackKey: string;
    kindKey: string;
    profile: MemoryProfile;
    /** When it was learned (the engine's clock); default: when the write is made (later, after an outage). */
    at?: Date;
  },
): Promise<void> {
  const data = {
    ...(entry.at ? { updatedAt: entry.at } : {}),
    kindKey: entry.kindKey,
    profile: JSON.stringify(entry.profile),
    peakBytes: entry.profile.peakBytes,
    runs: entry.profile.runs,
  };
  await db.trackProfile.upsert({
    where: { planName_trackKey: { planName: entry.planName, trackKey: entry.trackKey } },
    create: { planName: entry.planName, trackKey: entry.trackKey, ...data },
    update: data,
  });
}
