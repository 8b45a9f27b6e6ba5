"use client";
// Chooses which run a page shows (?run=<id>): the current one or any stored run.
import { useRouter } from "next/navigation";
import { useId } from "react";
import type { RunView } from "@/lib/domain/views";
import { useRunsQuery } from "../data/use-runs-query";
import { formatTime } from "../retrospective/metric-style";

/** The page's address for a run: `base` alone for the current run, else `base?run=<id>`. */
export function runHref(base: string, runId: string): string {
  return runId === "current" ? base : `${base}?run=${encodeURIComponent(runId)}`;
}

export type RunOption = { value: string; label: string };

/**
 * The picker's choices: the current run, every stored run (the newest 50), and the run the page asks for when it is not
 * among them, as "Run <id>": an older run, or an id that names none (the page itself says so). A select without an
 * option for its value shows its first one, "Current", as if the current run were shown.
 */
export function runOptions(value: string, runs: readonly RunView[] | undefined): RunOption[] {
  const options: RunOption[] = [
    { value: "current", label: "Current (live or newest)" },
    ...(runs ?? []).map((r) => ({
      value: r.id,
      label: `${r.name} · ${formatTime(r.startedAt)} · ${r.status}`,
    })),
  ];
  if (value !== "current" && !options.some((o) => o.value === value))
    options.push({ value, label: `Run ${value}` });
  return options;
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
        {runOptions(value, runs.data).map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
