"use client";
// The blockers board: every blocker with its severity, owner track, resolution plan and resolved-at; the lead resolves.
import {
  type BlockerEntry,
  compareForBoard,
  describeFullBoard,
  fullOnBoard,
} from "@/lib/domain/coordination/blockers";
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { BADGE, BUTTON, SEVERITY_BADGE } from "./severity-style";

export function BlockersBoard({
  blockers,
  live,
}: {
  blockers: readonly BlockerEntry[] | undefined;
  live: boolean;
}) {
  const mutation = useCoordinationMutation();
  if (!blockers) return <p className="text-sm text-slate-600 dark:text-slate-300">Loading…</p>;
  if (blockers.length === 0)
    return <p className="text-sm text-slate-600 dark:text-slate-300">No blocker reported.</p>;
  const sorted = [...blockers].sort(compareForBoard);
  const full = fullOnBoard(blockers);
  return (
    <div className="overflow-x-auto">
      {full.length > 0 && (
        <ul className="mb-2 space-y-1 text-sm text-amber-800 dark:text-amber-200" data-testid="board-full">
          {full.map(({ trackKey, severity }) => (
            <li key={`${trackKey}-${severity}`}>{describeFullBoard(trackKey, severity)}.</li>
          ))}
        </ul>
      )}
      <table className="w-full text-left text-sm" aria-label="Blockers board">
        <thead className="text-xs uppercase text-slate-600 dark:text-slate-300">
          <tr>
            <th className="py-1 pr-3">#</th>
            <th className="py-1 pr-3">Severity</th>
            <th className="py-1 pr-3">Track</th>
            <th className="py-1 pr-3">Blocker</th>
            <th className="py-1 pr-3">Resolution plan</th>
            <th className="py-1 pr-3">Raised</th>
            <th className="py-1 pr-3">Resolved</th>
            <th className="py-1" />
          </tr>
        </thead>
        <tbody>
          {sorted.map((b) => (
            <tr
              key={b.id}
              className="border-t border-slate-100 dark:border-slate-800"
              data-testid="blocker-row"
            >
              <td className="py-1 pr-3 tabular-nums">{b.id}</td>
              <td className="py-1 pr-3">
                <span className={`${BADGE} ${SEVERITY_BADGE[b.severity]}`}>{b.severity}</span>
              </td>
              <td className="py-1 pr-3 font-medium">{b.trackKey}</td>
              <td className="py-1 pr-3">{b.blocker}</td>
              <td className="py-1 pr-3 text-slate-600 dark:text-slate-300">{b.resolutionPlan ?? "—"}</td>
              <td className="py-1 pr-3 whitespace-nowrap text-xs">{new Date(b.raisedAt).toLocaleString()}</td>
              <td className="py-1 pr-3 whitespace-nowrap text-xs">
                {b.resolvedAt ? `${new Date(b.resolvedAt).toLocaleString()} (${b.resolvedBy})` : "open"}
              </td>
              <td className="py-1">
                {live && b.resolvedAt === null && (
                  <button
                    type="button"
                    className={BUTTON}
                    disabled={mutation.isPending}
                    aria-label={`Resolve blocker ${b.id}`}
                    onClick={() => mutation.mutate({ url: `/api/blockers/${b.id}/resolve` })}
                  >
                    Resolve
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {mutation.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
    </div>
  );
}
