"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import { fetchJson } from "./fetch-json";
import { queryKeys } from "./query-keys";
import { type PlanErrors, toPlanErrors } from "./use-what-if-mutation";

export type StartRunInput = { plan: string; budget?: string };
export type StartedRun = { runId: string; warnings: PlanIssue[] };

/** Starts a run from a plan's YAML (POST /api/runs); a refusal lists every problem of the plan. */
export function useStartRunMutation() {
  const client = useQueryClient();
  return useMutation<StartedRun, PlanErrors, StartRunInput>({
    mutationFn: async ({ plan, budget }) => {
      try {
        return await fetchJson<StartedRun>("/api/runs", {
          contract: "startRun",
          method: "POST",
          body: JSON.stringify(budget ? { plan, budget } : { plan }),
        });
      } catch (error) {
        throw toPlanErrors(error);
      }
    },
    // A new run changes almost every view: read them all again.
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.all }),
  });
}
