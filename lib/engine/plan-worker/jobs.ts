// The plan work that may take seconds for a large plan (parsing, validation, scheduling), as plain functions of
// plain data: they run in the plan worker thread so that the engine's sampling loop never waits on them.
import { type PlanValidation, type ValidatePlanOptions, validatePlan } from "../../domain/plan/plan-validate";
import { type PlanTracksInput, planTracks, type TrackSchedule } from "../../domain/planner/planner";
import {
  currentMachine,
  planWhatIf,
  summarisePlanTracks,
  tierMachine,
  WHAT_IF_TIER_SIZES_GIB,
  type WhatIfMachine,
  type WhatIfView,
} from "../../domain/planner/what-if";
import type { MemorySample } from "../../domain/types";

export type WhatIfInput = {
  source: string;
  baseDir: string;
  /** The machine now, when sampled: adds a "this machine" column. */
  sample: Pick<MemorySample, "machine" | "tier"> | null;
  configBudgetBytes: number | null;
};

export type WhatIfResult =
  | { ok: true; view: WhatIfView }
  | { ok: false; validation: PlanValidation & { ok: false } };

export const planJobs = {
  /** Nothing: starting the worker (loading the domain modules) ahead of the first real job. */
  warm(_input: null): true {
    return true;
  },

  validate(input: { source: string; options: ValidatePlanOptions }): PlanValidation {
    return validatePlan(input.source, input.options);
  },

  schedule(input: PlanTracksInput): TrackSchedule {
    return planTracks(input);
  },

  whatIf(input: WhatIfInput): WhatIfResult {
    // No machine limit here: each tier reports the tracks that do not fit it. Planning needs no secret, so the
    // masked values of a plan loaded from a run are warnings here (its start refuses them).
    const validation = validatePlan(input.source, {
      fileName: "plan.yaml",
      baseDir: input.baseDir,
      effectiveTotalBytes: null,
      maskedValues: "warning",
    });
    if (!validation.ok) return { ok: false, validation };
    const plan = validation.plan;
    const machines: WhatIfMachine[] = WHAT_IF_TIER_SIZES_GIB.map((gib) => tierMachine(gib, plan));
    if (input.sample) machines.push(currentMachine(plan, input.sample, input.configBudgetBytes));
    return {
      ok: true,
      view: {
        name: plan.name,
        tracks: summarisePlanTracks(plan),
        warnings: validation.warnings,
        columns: planWhatIf(plan, machines),
        currentMissing: input.sample ? null : "this machine has not been sampled yet",
      },
    };
  },
};

export type PlanJobs = typeof planJobs;
export type PlanJobName = keyof PlanJobs;
