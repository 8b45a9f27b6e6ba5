"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import type { PreflightResult, PreflightSummary } from "@/lib/domain/plan/preflight";
import { ApiError, fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { PlanErrors, toPlanErrors } from "./use-what-if-mutation";

/** `override`: the lead's reason to start despite failed pre-flight checks (recorded with the run). */
export type StartRunInput = { plan: string; budget?: string; override?: string };
export type StartedRun = { runId: string; warnings: PlanIssue[] };

/** A refused start: the plan's problems, and the pre-flight checks when they are what refused it. */
export class StartRunRefused extends PlanErrors {
  constructor(
    base: PlanErrors,
    readonly preflight: { summary: PreflightSummary; results: PreflightResult[] } | null,
  ) {
    super(base.message, base.errors, base.warnings);
  }
}

/** The checks a 409 carries when failed pre-flight checks refused the start (its details: { summary, results }). */
export function toStartRunRefused(error: unknown): StartRunRefused {
  const details = error instanceof ApiError && error.status === 409 ? error.details : null;
  const preflight =
    details !== null &&
    typeof details === "object" &&
    "results" in details &&
    Array.isArray(details.results) &&
    "summary" in details
      ? (details as { summary: PreflightSummary; results: PreflightResult[] })
      : null;
  return new StartRunRefused(toPlanErrors(error), preflight);
}

/** Starts a run from a plan's YAML (POST /api/runs); a refusal lists every problem of the plan, or its failed checks. */
export function useStartRunMutation() {
  const client = useQueryClient();
  return useMutation<StartedRun, StartRunRefused, StartRunInput>({
    mutationFn: async ({ plan, budget, override }) => {
      try {
        return await fetchJson<StartedRun>("/api/runs", {
          contract: "startRun",
          method: "POST",
          body: JSON.stringify({ plan, ...(budget ? { budget } : {}), ...(override ? { override } : {}) }),
        });
      } catch (error) {
        throw toStartRunRefused(error);
      }
    },
    // A new run changes almost every view: read them all again.
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.all }),
  });
}
