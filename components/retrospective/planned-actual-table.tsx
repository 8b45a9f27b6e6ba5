// Planned vs actual per track: the planner's window, what happened, running time, RAM against the estimate.
import type { RetrospectiveTrack, TrackTestResult } from "@/lib/domain/reporting/retrospective";
import { formatBytes, formatDuration } from "@/lib/domain/units";
import { ScrollBox } from "../common/scroll-box";
import { StatusBadge } from "../tracks/status-badge";
import { formatClock } from "./metric-style";
import { describeRunningTime, type RunningTimeNote } from "./running-time-note";

const TEST_TEXT: Record<TrackTestResult, string> = {
  passed: "Passed",
  failed: "Failed",
  "not-run": "Not run",
  "no-test": "No test",
};

/** Green only for a track that finished under its plan; a failed one's short time is no saving. */
const CHANGE_STYLE: Record<RunningTimeNote["tone"], string> = {
  over: "text-amber-700 dark:text-amber-400",
  under: "text-green-700 dark:text-green-400",
  "so-far": "text-slate-600 dark:text-slate-400",
  failed: "text-red-700 dark:text-red-400",
  stopped: "text-slate-600 dark:text-slate-400",
};

const ms = (iso: RetrospectiveTrack["plannedStart"]) => (iso === null ? null : new Date(iso).getTime());

function plannedMs(t: RetrospectiveTrack): number | null {
  const start = ms(t.plannedStart);
  const end = ms(t.plannedEnd);
  return start === null || end === null ? null : end - start;
}

/** `runStartedAt` anchors the times: same-day times show without their date. */
export function PlannedActualTable({
  tracks,
  runStartedAt,
}: {
  tracks: RetrospectiveTrack[];
  runStartedAt: string;
}) {
  const formatTime = (iso: RetrospectiveTrack["plannedStart"]) => formatClock(iso, runStartedAt);
  if (tracks.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-400">The run has no tracks.</p>;
  return (
    <ScrollBox label="Planned vs actual">
      <table className="w-full min-w-[680px] text-left text-sm" data-testid="planned-actual-table">
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Track
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Planned
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Actual
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Running time
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Peak RAM / estimate
            </th>
            <th scope="col" className="py-1.5 pr-3 font-medium">
              Status
            </th>
            <th scope="col" className="py-1.5 font-medium">
              Tests
            </th>
          </tr>
        </thead>
        <tbody>
          {tracks.map((t) => {
            const planned = plannedMs(t);
            const change = describeRunningTime(
              { status: t.status, durationMs: t.durationMs, hasEnded: t.actualEnd !== null },
              planned,
            );
            const ramPct =
              t.peakRamBytes !== null && t.estimateRamBytes
                ? Math.round((t.peakRamBytes / t.estimateRamBytes) * 100)
                : null;
            return (
              <tr
                key={t.key}
                className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800/60"
              >
                <th scope="row" className="py-2 pr-3 font-medium">
                  <span className="font-semibold">{t.key}</span>
                  {t.name && (
                    <span className="block text-xs font-normal text-slate-600 dark:text-slate-400">
                      {t.name}
                    </span>
                  )}
                </th>
                <td className="py-2 pr-3 tabular-nums">
                  {t.plannedStart === null
                    ? "—"
                    : `${formatTime(t.plannedStart)} → ${formatTime(t.plannedEnd)}`}
                  {planned !== null && (
                    <span className="block text-xs text-slate-600 dark:text-slate-400">
                      {formatDuration(planned)}
                    </span>
                  )}
                </td>
                <td className="py-2 pr-3 tabular-nums">
                  {t.actualStart === null
                    ? "not started"
                    : `${formatTime(t.actualStart)} → ${t.actualEnd === null ? "…" : formatTime(t.actualEnd)}`}
                </td>
                <td className="py-2 pr-3 tabular-nums">
                  {t.durationMs === null ? "—" : formatDuration(t.durationMs)}
                  {change !== null && (
                    <span className={`block text-xs ${CHANGE_STYLE[change.tone]}`} data-testid="plan-change">
                      {change.text}
                    </span>
                  )}
                  {t.attempts !== undefined && t.attempts.count > 1 && (
                    <span
                      className="block text-xs text-slate-600 dark:text-slate-400"
                      data-testid="all-attempts"
                    >
                      {t.attempts.count} attempts: {formatDuration(t.attempts.runningMs)} in all
                    </span>
                  )}
                </td>
                <td className="py-2 pr-3 tabular-nums">
                  {t.peakRamBytes === null ? "—" : formatBytes(t.peakRamBytes)}
                  {" / "}
                  {t.estimateRamBytes === null ? "no estimate" : formatBytes(t.estimateRamBytes)}
                  {ramPct !== null && (
                    <span
                      className={`block text-xs ${ramPct > 110 ? "text-red-700 dark:text-red-400" : "text-slate-600 dark:text-slate-400"}`}
                    >
                      {ramPct} % of estimate
                    </span>
                  )}
                </td>
                <td className="py-2 pr-3">
                  <StatusBadge status={t.status} />
                </td>
                <td
                  className={`py-2 ${t.testResult === "failed" ? "text-red-700 dark:text-red-400" : t.testResult === "passed" ? "text-green-700 dark:text-green-400" : "text-slate-600 dark:text-slate-400"}`}
                >
                  {TEST_TEXT[t.testResult]}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </ScrollBox>
  );
}
