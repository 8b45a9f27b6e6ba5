"use client";
import { useMutation } from "@tanstack/react-query";
import type { PreflightReport } from "@/lib/engine/run/controller";
import { fetchJson } from "./fetch-json";

/** The pre-flight checks of a plan's text on the server (POST /api/plan/preflight); starts nothing. */
export function usePreflightMutation() {
  return useMutation({
    mutationFn: (plan: string) =>
      fetchJson<PreflightReport>("/api/plan/preflight", {
        contract: "preflight",
        method: "POST",
        body: JSON.stringify({ plan }),
      }),
  });
}
