// The database functions the run systems use, bound to one client: one bundle to pass around, and one place for
// a test to make a write fail.
import {
  createAgent,
  listRunAgents,
  recordAgentEnd,
  recordAgentLaunch,
  saveAgentLive,
  saveAgentLogPosition,
  saveAgentSession,
  saveAgentUsage,
} from "../../db/agents";
import { createConflict, listTouchConflicts } from "../../db/conflicts";
import type { PrismaClient } from "../../db/generated/client";
import { latestMemorySampleAt } from "../../db/memory-samples";
import { createReport, createReports } from "../../db/reports";
import {
  createRun,
  getRun,
  latestRun,
  listUnfinishedRuns,
  markRunStopped,
  saveGovernorMemory,
  saveReportTokenHashes,
  setRunStatus,
} from "../../db/runs";
import { closeOpenSpan, listRunSpans, openSpan } from "../../db/spans";
import { loadTrackProfiles, saveTrackProfile } from "../../db/track-profiles";
import { applyTrackSampleRetention, insertTrackSamples, listTrackSamplesSince } from "../../db/track-samples";
import { listTracks, saveTestOutput, saveTrackState } from "../../db/tracks";
import { coordinationStoreFunctions } from "../coordination/store";

type Bound<F> = F extends (db: PrismaClient, ...args: infer A) => infer R ? (...args: A) => R : never;

const STORE_FUNCTIONS = {
  createRun,
  getRun,
  setRunStatus,
  latestRun,
  listUnfinishedRuns,
  markRunStopped,
  saveTrackState,
  saveTestOutput,
  createAgent,
  recordAgentEnd,
  recordAgentLaunch,
  saveAgentLogPosition,
  saveAgentSession,
  saveAgentLive,
  listRunAgents,
  listTracks,
  saveGovernorMemory,
  saveReportTokenHashes,
  saveAgentUsage,
  openSpan,
  closeOpenSpan,
  listRunSpans,
  createReport,
  createReports,
  latestMemorySampleAt,
  createConflict,
  listTouchConflicts,
  insertTrackSamples,
  listTrackSamplesSince,
  applyTrackSampleRetention,
  loadTrackProfiles,
  saveTrackProfile,
  // Issue 13: conflicts from real changes, blockers, handoffs, daily statuses, integration, track worktrees.
  ...coordinationStoreFunctions,
};

export type RunStore = { [K in keyof typeof STORE_FUNCTIONS]: Bound<(typeof STORE_FUNCTIONS)[K]> };

export function createRunStore(db: PrismaClient): RunStore {
  const bound: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(STORE_FUNCTIONS)) {
    bound[name] = (...args: unknown[]) =>
      (fn as (db: PrismaClient, ...rest: unknown[]) => unknown)(db, ...args);
  }
  return bound as RunStore;
}
