// Pre-flight results as a list, failures first: what the checks found (the check panel) or what refused a start.
import { describePreflightResult, type PreflightResult } from "@/lib/domain/plan/preflight";

const TAG: Record<"ok" | PreflightResult["severity"], { word: string; style: string }> = {
  ok: { word: "ok", style: "text-green-700 dark:text-green-400" },
  error: { word: "fails", style: "text-red-700 dark:text-red-400" },
  warning: { word: "warning", style: "text-amber-700 dark:text-amber-400" },
  info: { word: "note", style: "text-slate-500 dark:text-slate-400" },
};

const rank = (r: PreflightResult) =>
  r.ok ? 3 : r.severity === "error" ? 0 : r.severity === "warning" ? 1 : 2;

export function PreflightResultList(props: { results: readonly PreflightResult[]; testId: string }) {
  return (
    <ul className="space-y-0.5 text-xs" data-testid={props.testId}>
      {[...props.results]
        .sort((a, b) => rank(a) - rank(b))
        .map((result, i) => {
          const tag = TAG[result.ok ? "ok" : result.severity];
          const { track, message } = describePreflightResult(result);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: results have no id; the list is replaced whole
            <li key={i} className="flex gap-2">
              <span className={`w-14 shrink-0 font-semibold ${tag.style}`}>{tag.word}</span>
              <span className="w-16 shrink-0 text-slate-600 dark:text-slate-300">{result.check}</span>
              <span className="min-w-0 break-words">
                {track && <span className="font-mono">{track}: </span>}
                {message}
              </span>
            </li>
          );
        })}
    </ul>
  );
}
