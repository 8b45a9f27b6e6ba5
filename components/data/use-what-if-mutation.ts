"use client";
import { useMutation } from "@tanstack/react-query";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import type { WhatIfView } from "@/lib/domain/planner/what-if";
import { ApiError, fetchJson } from "./fetch-json";

/** A rejected plan: the message plus every problem with its line and column. */
export class PlanErrors extends Error {
  constructor(
    message: string,
    readonly errors: PlanIssue[],
    readonly warnings: PlanIssue[],
  ) {
    super(message);
  }
}

/** The server's answer to a plan it refused (what-if or start), with the plan's problems when it has them. */
export function toPlanErrors(error: unknown): PlanErrors {
  if (error instanceof PlanErrors) return error;
  const message = error instanceof Error ? error.message : String(error);
  const details =
    error instanceof ApiError && error.details && typeof error.details === "object"
      ? (error.details as { errors?: PlanIssue[]; warnings?: PlanIssue[] })
      : {};
  return new PlanErrors(message, details.errors ?? [], details.warnings ?? []);
}

async function postWhatIf(plan: string): Promise<WhatIfView> {
  try {
    return await fetchJson<WhatIfView>("/api/plan/what-if", {
      contract: "whatIf",
      method: "POST",
      body: JSON.stringify({ plan }),
    });
  } catch (error) {
    throw toPlanErrors(error);
  }
}

/** Plans a pasted plan for the 16 / 32 / 64 GB tiers and this machine. */
export function useWhatIfMutation() {
  return useMutation<WhatIfView, PlanErrors, string>({ mutationFn: postWhatIf });
}
