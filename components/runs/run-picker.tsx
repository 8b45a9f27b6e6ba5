"use client";
// Chooses which run the retrospective shows: the current one or any stored run.
import { useRouter } from "next/navigation";
import { useId } from "react";
import { useRunsQuery } from "../data/use-runs-query";
import { formatTime } from "./metric-style";

export function RunPicker({ value }: { value: string }) {
  const runs = useRunsQuery();
  const router = useRouter();
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-600 dark:text-slate-400">
        Run
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) =>
          router.push(
            e.target.value === "current"
              ? "/retrospective"
              : `/retrospective?run=${encodeURIComponent(e.target.value)}`,
          )
        }
        className="max-w-[16rem] rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="current">Current (live or newest)</option>
        {(runs.data ?? []).map((r) => (
          <option key={r.id} value={r.id}>
            {r.name} · {formatTime(r.startedAt)} · {r.status}
          </option>
        ))}
      </select>
    </div>
  );
}
