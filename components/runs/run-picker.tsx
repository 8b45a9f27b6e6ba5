"use client";
// Chooses which run a page shows (?run=<id>): the current one or any stored run.
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useRunsQuery } from "../data/use-runs-query";
import { formatTime } from "../retrospective/metric-style";

/** The page's address for a run: `base` alone for the current run, else `base?run=<id>`. */
export function runHref(base: string, runId: string): string {
  return runId === "current" ? base : `${base}?run=${encodeURIComponent(runId)}`;
}

export function RunPicker({ value, basePath }: { value: string; basePath: string }) {
  const runs = useRunsQuery();
  const router = useRouter();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-700 dark:text-slate-300">
        Run
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => router.push(runHref(basePath, e.target.value))}
        className="tap max-w-[16rem] rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="current">Current (live or newest)</option>
        {(runs.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} · {formatTime(r.startedAt)} · {r.status}
          </option>
        ))}
        {value !== "current" && runs.data && !runs.data.some((r) => r.id === value) && (
          <option value={value}>Run {value}</option>
        )}
      </select>
    </div>
  );
}
