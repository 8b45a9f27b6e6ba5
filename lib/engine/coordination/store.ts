// The coordination systems' database functions (issue 13), bound with the run store's (run/store.ts) to one client.
import { listBlockerEntries, saveBlockerEntries } from "../../db/blockers";
import {
  createChangeConflict,
  getConflictRecord,
  listConflictRecords,
  setConflictHeld,
  settleConflict,
  updateConflictEvidence,
} from "../../db/conflicts";
import { dailyTrackFacts } from "../../db/daily-facts";
import {
  getDailyStatus,
  latestDailyStatusDate,
  listDailyStatusDays,
  saveDailyStatuses,
} from "../../db/daily-statuses";
import { listHandoffs, saveHandoff } from "../../db/handoffs";
import {
  createIntegrationRun,
  finishIntegrationRun,
  hasIntegratedOnBranch,
  latestIntegrationRun,
  latestIntegrationWasRestart,
} from "../../db/integration-runs";
import { saveRunPlan } from "../../db/run-plan";
import { listTrackGit, saveTrackChanges, saveTrackWorktree } from "../../db/track-git";

export const coordinationStoreFunctions = {
  createChangeConflict,
  updateConflictEvidence,
  settleConflict,
  setConflictHeld,
  listConflictRecords,
  getConflictRecord,
  saveBlockerEntries,
  listBlockerEntries,
  saveHandoff,
  listHandoffs,
  saveDailyStatuses,
  listDailyStatusDays,
  getDailyStatus,
  latestDailyStatusDate,
  dailyTrackFacts,
  createIntegrationRun,
  finishIntegrationRun,
  latestIntegrationRun,
  latestIntegrationWasRestart,
  hasIntegratedOnBranch,
  saveTrackWorktree,
  saveTrackChanges,
  listTrackGit,
  saveRunPlan,
};
