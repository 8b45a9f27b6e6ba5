"use client";
import { useMutation } from "@tanstack/react-query";
import type { PlanIssue } from "@/lib/domain/plan-validate";
import type { WhatIfView } from "@/lib/domain/what-if";

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

async function postWhatIf(plan: string): Promise<WhatIfView> {
  const response = await fetch("/api/plan/what-if", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ plan }),
  });
  const body = (await response.json().catch(() => null)) as
    | (WhatIfView & { error?: undefined })
    | { error: string; details?: { errors?: PlanIssue[]; warnings?: PlanIssue[] } }
    | null;
  if (!response.ok || body === null || body.error !== undefined) {
    const details = body?.error !== undefined ? body.details : undefined;
    throw new PlanErrors(
      body?.error ?? `${response.status} ${response.statusText}`,
      details?.errors ?? [],
      details?.warnings ?? [],
    );
  }
  return body;
}

/** Plans a pasted plan for the 16 / 32 / 64 GB tiers and this machine. */
export function useWhatIfMutation() {
  return useMutation<WhatIfView, PlanErrors, string>({ mutationFn: postWhatIf });
}
