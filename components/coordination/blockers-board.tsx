"use client";
import {
  type BlockerEntry,
  compareForBoard,
  describeFullBoard,
  fullOnBoard,
} from "@/lib/domain/coordination/blockers";
// The blockers board: every blocker with its severity, owner track, resolution plan and resolved-at; the lead resolves.
// On a phone the table scrolls sideways in its own box (the Resolve buttons are at its right end). Resolve stays
// focusable while it waits (aria-disabled); once the blocker is resolved and its button gone, focus moves on to the
// next open blocker's Resolve, or to the resolved row's "Resolved" cell when none is left.
import { formatEventTime } from "../common/event-time";
import { keepFocusWhenRemoved, nextInLine, UNAVAILABLE_STYLE } from "../common/keep-focus";
import { ScrollBox } from "../common/scroll-box";
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { BADGE, BUTTON, SEVERITY_BADGE } from "./severity-style";

/** "Resolve blocker of track X: the staging database is down": which blocker, in the board's own words. */
export function resolveLabel(b: Pick<BlockerEntry, "trackKey" | "blocker">): string {
  return `Resolve blocker of track ${b.trackKey}: ${b.blocker}`;
}

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
  const openIds = sorted.filter((b) => b.resolvedAt === null).map((b) => b.id);

  const resolve = (b: BlockerEntry, button: HTMLButtonElement) => {
    if (mutation.isPending) return;
    const board = button.closest<HTMLElement>('[data-testid="blockers-board"]');
    const stop = keepFocusWhenRemoved(button, () => {
      for (const id of nextInLine(openIds, b.id)) {
        const next = board?.querySelector<HTMLElement>(`[data-resolve-blocker="${id}"]`);
        if (next) return next;
      }
      return board?.querySelector<HTMLElement>(
        `[data-blocker-id="${b.id}"] [data-testid="blocker-resolved"]`,
      );
    });
    mutation.mutate({ url: `/api/blockers/${b.id}/resolve` }, { onError: stop });
  };

  return (
    <div data-testid="blockers-board">
      {full.length > 0 && (
        <ul className="mb-2 space-y-1 text-sm text-amber-800 dark:text-amber-200" data-testid="board-full">
          {full.map(({ trackKey, severity }) => (
            <li key={`${trackKey}-${severity}`}>{describeFullBoard(trackKey, severity)}.</li>
          ))}
        </ul>
      )}
      <ScrollBox label="Blockers board">
        <table className="w-full min-w-[720px] text-left text-sm" aria-label="Blockers board">
          <thead className="text-xs uppercase text-slate-600 dark:text-slate-300">
            <tr>
              <th scope="col" className="py-1 pr-3">
                #
              </th>
              <th scope="col" className="py-1 pr-3">
                Severity
              </th>
              <th scope="col" className="py-1 pr-3">
                Track
              </th>
              <th scope="col" className="py-1 pr-3">
                Blocker
              </th>
              <th scope="col" className="py-1 pr-3">
                Resolution plan
              </th>
              <th scope="col" className="py-1 pr-3">
                Raised
              </th>
              <th scope="col" className="py-1 pr-3">
                Resolved
              </th>
              {/* relative: the hidden label stays inside the scroll box (else the page scrolls sideways) */}
              <th scope="col" className="relative py-1">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((b) => (
              <tr
                key={b.id}
                className="border-t border-slate-100 dark:border-slate-800"
                data-testid="blocker-row"
                data-blocker-id={b.id}
              >
                <td className="py-1 pr-3 tabular-nums">{b.id}</td>
                <td className="py-1 pr-3">
                  <span className={`${BADGE} ${SEVERITY_BADGE[b.severity]}`}>{b.severity}</span>
                </td>
                <td className="py-1 pr-3 font-medium">{b.trackKey}</td>
                <td className="py-1 pr-3">{b.blocker}</td>
                <td className="py-1 pr-3 text-slate-600 dark:text-slate-300">{b.resolutionPlan ?? "—"}</td>
                <td className="py-1 pr-3 whitespace-nowrap text-xs">
                  {formatEventTime(b.raisedAt, new Date(), { withDate: true })}
                </td>
                <td className="py-1 pr-3 whitespace-nowrap text-xs" data-testid="blocker-resolved">
                  {b.resolvedAt
                    ? `${formatEventTime(b.resolvedAt, new Date(), { withDate: true })} (${b.resolvedBy})`
                    : "open"}
                </td>
                <td className="py-1">
                  {live && b.resolvedAt === null && (
                    <button
                      type="button"
                      className={`${BUTTON} ${UNAVAILABLE_STYLE}`}
                      aria-disabled={mutation.isPending || undefined}
                      aria-label={resolveLabel(b)}
                      data-resolve-blocker={b.id}
                      onClick={(event) => resolve(b, event.currentTarget)}
                    >
                      Resolve
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      {mutation.isError && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
    </div>
  );
}
