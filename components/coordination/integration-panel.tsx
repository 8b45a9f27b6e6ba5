"use client";
// Phase 5 on the phases page: integrate the track branches (advised order), the merges, where it stopped, the
// integration test, and the final validation report.
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { useIntegrationQuery } from "../data/use-integration-query";
import { PRIMARY_BUTTON } from "./severity-style";

export function IntegrationPanel({ runId, hasRepo }: { runId: string; hasRepo: boolean }) {
  const integration = useIntegrationQuery(runId);
  const mutation = useCoordinationMutation();
  const view = integration.data ?? null;
  if (!hasRepo && !view) return null;
  const running = view?.state === "running";
  return (
    <section aria-labelledby="integration-heading" className="space-y-2" data-testid="integration-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3
          id="integration-heading"
          className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
        >
          Integration
        </h3>
        {view && (
          <span className="text-sm" data-testid="integration-state" data-state={view.state}>
            {view.state} on <code>{view.branch}</code>
          </span>
        )}
        {runId === "current" && hasRepo && (
          <button
            type="button"
            className={`${PRIMARY_BUTTON} ml-auto`}
            disabled={mutation.isPending || running}
            onClick={() => mutation.mutate({ url: "/api/runs/current/integration" })}
          >
            {view ? "Integrate again" : "Integrate the track branches"}
          </button>
        )}
      </div>
      {mutation.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
      {view && (
        <>
          <ol className="list-decimal space-y-0.5 pl-5 text-sm" aria-label="Merge order">
            {view.order.map((e) => {
              const step = view.result?.steps.find((s) => s.key === e.key);
              return (
                <li key={e.key} data-testid="integration-step" data-state={step?.state ?? "pending"}>
                  <span className="font-medium">{e.key}</span>:{" "}
                  {step ? step.state : running ? "waiting" : "—"}
                  {step?.state === "conflict" && (
                    <span className="text-red-700 dark:text-red-300"> in {step.files.join(", ")}</span>
                  )}
                  <span className="text-xs text-slate-600 dark:text-slate-300">
                    {" "}
                    ({e.reason.replace(/^\d+\. /, "")})
                  </span>
                </li>
              );
            })}
          </ol>
          {view.error && <p className="text-sm text-red-700 dark:text-red-300">{view.error}</p>}
          {view.report && (
            <details>
              <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-300">
                Final validation report
              </summary>
              <pre
                className="mt-1 overflow-x-auto whitespace-pre-wrap text-xs"
                data-testid="integration-report"
              >
                {view.report}
              </pre>
            </details>
          )}
        </>
      )}
    </section>
  );
}
