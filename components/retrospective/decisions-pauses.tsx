// What the governor decided and when tracks were paused, as they happened.
import { describePauseEnding, pauseLength } from "@/lib/domain/reporting/pause-ending";
import type { RetrospectiveDecision, RetrospectivePause } from "@/lib/domain/reporting/retrospective";
import { formatClock } from "./metric-style";

export function PausesList({ pauses, runStartedAt }: { pauses: RetrospectivePause[]; runStartedAt: string }) {
  if (pauses.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No track was paused.</p>;
  return (
    <ol className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="retro-pauses">
      {pauses.map((p) => (
        <li key={`${p.trackKey}-${String(p.pausedAt)}`} className="py-2">
          <p>
            <span className="font-semibold">Track {p.trackKey}</span> paused by {p.by}
            {pauseLength(p) === null
              ? `, ${describePauseEnding(p.ending)}`
              : ` for ${pauseLength(p)}, then ${describePauseEnding(p.ending)}`}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-400">
            {formatClock(p.pausedAt, runStartedAt)} · {p.reason}
          </p>
        </li>
      ))}
    </ol>
  );
}

export function DecisionsList({
  decisions,
  runStartedAt,
}: {
  decisions: RetrospectiveDecision[];
  runStartedAt: string;
}) {
  if (decisions.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No decisions were recorded.</p>;
  return (
    <ol className="divide-y divide-slate-200 text-sm dark:divide-slate-800" data-testid="retro-decisions">
      {decisions.map((d) => (
        <li key={`${String(d.at)}-${d.action}-${d.trackKey ?? ""}-${d.reason}`} className="py-2">
          <p>
            <span className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">
              {d.action}
            </span>
            {d.trackKey && <span className="ml-2 font-semibold">track {d.trackKey}</span>}
          </p>
          <p className="mt-0.5 break-words text-slate-700 dark:text-slate-300">{d.reason}</p>
          <p className="text-xs text-slate-600 dark:text-slate-400">{formatClock(d.at, runStartedAt)}</p>
        </li>
      ))}
    </ol>
  );
}
