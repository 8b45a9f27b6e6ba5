"use client";
// The pre-flight checks of the plan about to start (programs on PATH, workdirs, required environment, local
// models, memory, git): failures first. A start with failures needs the lead's reason (POST /api/runs with
// `override`, given in the start panel); this panel shows what the start would meet. Place it beside the plan's Start button.
import { useId } from "react";
import { formatPreflightSummary } from "@/lib/domain/plan/preflight";
import { usePreflightMutation } from "../data/use-preflight-mutation";
import { PreflightResultList } from "./preflight-results";

export function PreflightPanel({ plan }: { plan: string }) {
  const check = usePreflightMutation();
  const report = check.data;
  const id = useId();
  const isEmpty = plan.trim() === "";
  const isUnavailable = check.isPending || isEmpty;
  return (
    <section aria-labelledby="preflight-heading" className="space-y-2" data-testid="preflight-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="preflight-heading" className="text-sm font-semibold">
          Pre-flight checks
        </h3>
        <button
          type="button"
          onClick={() => {
            // Focusable while it waits (aria-disabled), so focus stays here: a press then does nothing.
            if (!isUnavailable) check.mutate(plan);
          }}
          aria-disabled={isUnavailable || undefined}
          aria-describedby={isEmpty ? `${id}-empty` : undefined}
          className="tap rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:ring-slate-700 dark:hover:bg-slate-800"
        >
          {check.isPending ? "Checking…" : "Check this plan on this machine"}
        </button>
        {isEmpty && (
          <p id={`${id}-empty`} className="text-sm text-slate-600 dark:text-slate-300">
            There is no plan to check yet.
          </p>
        )}
      </div>
      {check.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Not checked: {check.error.message}
        </p>
      )}
      {/* Present before any answer, so each new summary is announced (politely) where focus stays on the button. */}
      <div role="status">
        {report && (
          <p
            className={`text-sm font-medium ${report.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
            data-testid="preflight-summary"
            data-ok={report.ok}
          >
            {report.ok ? "Ready to start" : "A start needs a reason to override"}:{" "}
            {formatPreflightSummary(report.summary)}
          </p>
        )}
      </div>
      {report && <PreflightResultList results={report.results} testId="preflight-results" />}
    </section>
  );
}
