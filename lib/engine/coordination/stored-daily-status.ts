// A track's daily status built from the database alone: what a viewer shows for the run the owner is running (its
// engine and coordination live in the owner's process). The same document as the owner's (composeTrackStatus) from
// the same rows: the track rebuilt from its row and spans as a restart would, the day's reports, samples and running
// time, the blockers board and the stored change figures. The day's commits are read with git in the owner's
// worktree, which a viewer cannot reach: they stay unknown here.
import { listRunAgents } from "../../db/agents";
import { listBlockerEntries } from "../../db/blockers";
import { dailyTrackFacts } from "../../db/daily-facts";
import type { PrismaClient } from "../../db/generated/client";
import type { StoredRun } from "../../db/runs";
import { listRunSpans } from "../../db/spans";
import { listTrackGit } from "../../db/track-git";
import { listTracks } from "../../db/tracks";
import { openBlockerReports } from "../../domain/coordination/blockers";
import type { DailyStatusDocument } from "../../domain/coordination/daily-status";
import { activeRunFromStored } from "../run/stored-run";
import { composeTrackStatus, statusDayWindow } from "./daily-status-system";

/** The track's document of `date` as the owner would build it now; null when the run has no such track. */
export async function buildStoredTrackStatus(
  db: PrismaClient,
  run: StoredRun,
  key: string,
  date: string,
  now: number,
): Promise<DailyStatusDocument | null> {
  const [storedTracks, storedAgents, spans, board, git] = await Promise.all([
    listTracks(db, run.id),
    listRunAgents(db, run.id),
    listRunSpans(db, run.id),
    listBlockerEntries(db, run.id),
    listTrackGit(db, run.id),
  ]);
  // No secret: nothing here takes reports.
  const live = activeRunFromStored(
    run,
    { storedTracks, storedAgents, spans },
    { reportSecret: "", hashes: [] },
    run.status !== "running",
  );
  const track = live.tracks.get(key);
  if (!track) return null;
  const window = statusDayWindow(date);
  const facts = await dailyTrackFacts(db, run.id, key, {
    from: new Date(window.from),
    to: new Date(window.to),
    now: new Date(now),
  });
  // The card's figures, as the owner stored them at its latest poll: the track's own files, as its document counts.
  const changes = git.get(key)?.changes ?? null;
  return composeTrackStatus({
    date,
    now,
    track,
    facts,
    commits: null,
    files: changes ? { changed: changes.files, added: changes.added, removed: changes.removed } : null,
    openBlockers: openBlockerReports(board, key),
  });
}
