"use client";
// "Start this plan": the plan in the editor becomes a run (POST /api/runs), with an optional RAM budget. The
// server validates it; every problem it names is listed, and a click shows it in the editor. A start refused by
// failed pre-flight checks lists them and can be made anyway with the lead's reason (the API's `override`).
import Link from "next/link";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";
import { formatPreflightSummary } from "@/lib/domain/plan/preflight";
import { type StartedRun, type StartRunInput, useStartRunMutation } from "../data/use-start-run-mutation";
import { useCurrentRun } from "../runs/use-current-run";
import { formatIssueLine, PlanProblems } from "./plan-problems";
import { PreflightResultList } from "./preflight-results";

export function StartRunPanel(props: {
  plan: string;
  onPick: (issue: PlanIssue) => void;
  /** The run a start made, with the text it was started from. */
  onStarted?: (started: { runId: string; plan: string }) => void;
}) {
  const start = useStartRunMutation();
  const { run } = useCurrentRun();
  const [budget, setBudget] = useState("");
  const [reason, setReason] = useState("");
  const id = useId();
  const outcome = useRef<HTMLDivElement>(null);
  const isBusy = run?.status === "running";

  // The answer (started or refused) is where the lead looks next: take focus there.
  useEffect(() => {
    if (start.isSuccess || start.isError) outcome.current?.focus();
  }, [start.isSuccess, start.isError]);

  const reportStarted = (data: StartedRun, input: StartRunInput) =>
    props.onStarted?.({ runId: data.runId, plan: input.plan });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isBusy || start.isPending || props.plan.trim() === "") return;
    start.mutate({ plan: props.plan, budget: budget.trim() || undefined }, { onSuccess: reportStarted });
  };

  // The same start, with the lead's reason to pass the failed checks (the server records it with the run).
  const refusedChecks = start.error?.preflight ?? null;
  const isReasonMissing = reason.trim() === "";
  const startAnyway = (event: FormEvent) => {
    event.preventDefault();
    if (isBusy || start.isPending || isReasonMissing || props.plan.trim() === "") return;
    start.mutate(
      { plan: props.plan, budget: budget.trim() || undefined, override: reason.trim() },
      { onSuccess: reportStarted },
    );
  };

  return (
    <section
      aria-labelledby={`${id}-heading`}
      className="space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
    >
      <h2
        id={`${id}-heading`}
        className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
      >
        Start a run
      </h2>
      <div
        data-testid="preflight"
        className="rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 dark:bg-slate-950 dark:text-slate-300"
      >
        Pre-flight checks: the server validates the plan when it starts it (syntax, fields, sizes,
        dependencies, a track larger than the machine) and runs the checks above; a failed check stops the
        start unless you give a reason to start anyway.
      </div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Start this plan">
        <div>
          <label htmlFor={`${id}-budget`} className="block text-sm font-medium">
            RAM budget{" "}
            <span className="font-normal text-slate-600 dark:text-slate-300">(optional, e.g. 8GB)</span>
          </label>
          <input
            id={`${id}-budget`}
            value={budget}
            onChange={(e) => setBudget(e.target.value)}
            placeholder="the plan's"
            autoComplete="off"
            spellCheck={false}
            className="tap mt-1 w-36 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
        </div>
        <button
          type="submit"
          aria-disabled={isBusy || start.isPending || props.plan.trim() === "" || undefined}
          aria-describedby={isBusy ? `${id}-busy` : undefined}
          className="tap rounded-md bg-green-700 px-4 text-sm font-semibold text-white hover:bg-green-800 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:hover:bg-green-800"
        >
          {start.isPending ? "Starting…" : "Start this plan"}
        </button>
      </form>
      {isBusy && (
        <p id={`${id}-busy`} className="text-sm text-slate-700 dark:text-slate-300">
          Run “{run.name}” is in progress; a new run can start once it has ended (or its tracks are stopped).
        </p>
      )}
      <div ref={outcome} tabIndex={-1} className="outline-none">
        {start.isError && <PlanProblems error={start.error} onPick={props.onPick} testId="start-errors" />}
        {refusedChecks && (
          <div className="mt-3 space-y-3">
            <div>
              <p className="text-sm font-medium">
                Pre-flight checks: {formatPreflightSummary(refusedChecks.summary)}
              </p>
              <PreflightResultList
                results={refusedChecks.results.filter((r) => !r.ok)}
                testId="start-preflight-results"
              />
            </div>
            <form
              onSubmit={startAnyway}
              className="flex flex-wrap items-end gap-3"
              aria-label="Start this plan anyway"
            >
              <div className="min-w-0 flex-1">
                <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
                  Reason to start anyway{" "}
                  <span className="font-normal text-slate-600 dark:text-slate-300">
                    (recorded with the run)
                  </span>
                </label>
                <input
                  id={`${id}-reason`}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder="e.g. the track installs its own tool"
                  maxLength={500}
                  autoComplete="off"
                  className="tap mt-1 w-full rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-950"
                />
              </div>
              <button
                type="submit"
                aria-disabled={isBusy || isReasonMissing || undefined}
                title={isReasonMissing ? "Give the reason first" : undefined}
                className="tap rounded-md border border-red-300 px-4 text-sm font-semibold text-red-800 hover:bg-red-50 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
              >
                Start anyway
              </button>
            </form>
          </div>
        )}
        {start.isSuccess && (
          <div
            role="status"
            data-testid="run-started"
            className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
          >
            <p className="font-semibold">The run has started.</p>
            {start.data.warnings.length > 0 && (
              <ul className="mt-1 list-disc pl-5 text-xs">
                {start.data.warnings.map((w) => (
                  <li key={`${w.line}:${w.column}:${w.message}`}>{formatIssueLine(w)}</li>
                ))}
              </ul>
            )}
            <p className="mt-1">
              <Link href="/" className="tap font-medium underline">
                Follow it on the overview →
              </Link>
            </p>
          </div>
        )}
      </div>
    </section>
  );
}
