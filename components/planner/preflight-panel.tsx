"use client";
// The pre-flight checks of the plan about to start (programs on PATH, workdirs, required environment, local
// models, memory, git): failures first. A start with failures needs the lead's reason (POST /api/runs with
// `override`); this panel shows what the start would meet. Place it beside the plan's Start button.
import { formatPreflightSummary, type PreflightResult } from "@/lib/domain/plan/preflight";
import { usePreflightMutation } from "../data/use-preflight-mutation";

const TAG: Record<"ok" | PreflightResult["severity"], { word: string; style: string }> = {
  ok: { word: "ok", style: "text-green-700 dark:text-green-400" },
  error: { word: "fails", style: "text-red-700 dark:text-red-400" },
  warning: { word: "warning", style: "text-amber-700 dark:text-amber-400" },
  info: { word: "note", style: "text-slate-500 dark:text-slate-400" },
};

const rank = (r: PreflightResult) =>
  r.ok ? 3 : r.severity === "error" ? 0 : r.severity === "warning" ? 1 : 2;

export function PreflightPanel({ plan }: { plan: string }) {
  const check = usePreflightMutation();
  const report = check.data;
  return (
    <section aria-labelledby="preflight-heading" className="space-y-2" data-testid="preflight-panel">
      <div className="flex flex-wrap items-center gap-2">
        <h3 id="preflight-heading" className="text-sm font-semibold">
          Pre-flight checks
        </h3>
        <button
          type="button"
          onClick={() => check.mutate(plan)}
          disabled={check.isPending || plan.trim() === ""}
          className="rounded-md px-2 py-1 text-sm ring-1 ring-slate-300 hover:bg-slate-100 disabled:opacity-50 dark:ring-slate-700 dark:hover:bg-slate-800"
        >
          {check.isPending ? "Checking…" : "Check this plan on this machine"}
        </button>
      </div>
      {check.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Not checked: {check.error.message}
        </p>
      )}
      {report && (
        <>
          <p
            className={`text-sm font-medium ${report.ok ? "text-green-700 dark:text-green-400" : "text-red-700 dark:text-red-400"}`}
            data-testid="preflight-summary"
            data-ok={report.ok}
          >
            {report.ok ? "Ready to start" : "A start needs a reason to override"}:{" "}
            {formatPreflightSummary(report.summary)}
          </p>
          <ul className="space-y-0.5 text-xs" data-testid="preflight-results">
            {[...report.results]
              .sort((a, b) => rank(a) - rank(b))
              .map((result, i) => {
                const tag = TAG[result.ok ? "ok" : result.severity];
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: results have no id; the list is replaced whole
                  <li key={i} className="flex gap-2">
                    <span className={`w-14 shrink-0 font-semibold ${tag.style}`}>{tag.word}</span>
                    <span className="w-16 shrink-0 text-slate-600 dark:text-slate-300">{result.check}</span>
                    <span className="min-w-0 break-words">
                      {result.track && <span className="font-mono">{result.track}: </span>}
                      {result.message}
                    </span>
                  </li>
                );
              })}
          </ul>
        </>
      )}
    </section>
  );
}
