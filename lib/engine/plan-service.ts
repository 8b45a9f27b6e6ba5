// Plan work for the API and the run controller, off the event loop: validation, scheduling and what-if planning of a
// plan run in the plan worker, each bounded in time, so a large plan never stops the governor's sampling.
import type { PlanValidation, ValidatePlanOptions } from "../domain/plan/plan-validate";
import type { PlanTracksInput, TrackSchedule } from "../domain/planner/planner";
import type { MemorySample } from "../domain/types";
import { planJobs, type WhatIfResult } from "./plan-worker/jobs";
import { createPlanWorker } from "./plan-worker/pool";

/** Time limits: a plan at the size limit (500 tracks) validates in well under a second and plans in seconds. */
export const PLAN_TIMEOUTS_MS = { validate: 15_000, schedule: 30_000, whatIf: 60_000 } as const;

export type PlanService = {
  /** Starts the worker ahead of the first plan, so a lead's first click does not wait for it to load. */
  warm(): Promise<void>;
  validate(source: string, options: ValidatePlanOptions): Promise<PlanValidation>;
  schedule(input: PlanTracksInput): Promise<TrackSchedule>;
  whatIf(input: {
    source: string;
    baseDir: string;
    sample: Pick<MemorySample, "machine" | "tier"> | null;
    configBudgetBytes: number | null;
  }): Promise<WhatIfResult>;
  close(): Promise<void>;
};

/** The same work on the calling thread: for the run systems' tests, where starting a worker would dominate. */
export function inProcessPlans(): Pick<PlanService, "validate" | "schedule"> {
  return {
    validate: async (source, options) => planJobs.validate({ source, options }),
    schedule: async (input) => planJobs.schedule(input),
  };
}

export function createPlanService(): PlanService {
  const worker = createPlanWorker();
  return {
    warm: async () => {
      await worker.run("warm", null, PLAN_TIMEOUTS_MS.validate);
    },
    validate: (source, options) => worker.run("validate", { source, options }, PLAN_TIMEOUTS_MS.validate),
    schedule: (input) => worker.run("schedule", input, PLAN_TIMEOUTS_MS.schedule),
    whatIf: (input) => worker.run("whatIf", input, PLAN_TIMEOUTS_MS.whatIf),
    close: () => worker.close(),
  };
}
