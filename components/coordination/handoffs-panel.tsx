"use client";
// Phase 4 on the phases page: each handoff's state, its artifacts with sha256, its document, and the lead's
// acknowledgement. The Acknowledge button stays focusable while it waits (aria-disabled) and, once the handoff is
// acknowledged and the button gone, focus moves to the line that says so.
import type { HandoffView } from "@/lib/domain/coordination/coordination-views";
import { keepFocusWhenRemoved, UNAVAILABLE_STYLE } from "../common/keep-focus";
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { useHandoffsQuery } from "../data/use-handoffs-query";
import { formatWhen } from "../phases/gate-style";
import { BADGE, BUTTON } from "./severity-style";

const STATE_STYLE: Record<HandoffView["state"], string> = {
  pending: "bg-slate-100 text-slate-700 ring-slate-500/30 dark:bg-slate-800 dark:text-slate-300",
  delivered: "bg-sky-100 text-sky-800 ring-sky-600/30 dark:bg-sky-950 dark:text-sky-300",
  acknowledged: "bg-green-100 text-green-800 ring-green-600/30 dark:bg-green-950 dark:text-green-300",
  skipped: "bg-orange-100 text-orange-800 ring-orange-600/30 dark:bg-orange-950 dark:text-orange-300",
  failed: "bg-red-100 text-red-800 ring-red-600/30 dark:bg-red-950 dark:text-red-300",
};

export function HandoffsPanel({ runId }: { runId: string }) {
  const handoffs = useHandoffsQuery(runId);
  const mutation = useCoordinationMutation();
  const list = handoffs.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="handoffs-heading" className="space-y-2">
      <h3
        id="handoffs-heading"
        className="text-sm font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
      >
        Handoffs
      </h3>
      {list.map((h) => (
        <article
          key={`${h.from}-${h.to}`}
          aria-label={`Handoff ${h.from} to ${h.to}`}
          data-testid="handoff"
          data-handoff={handoffKey(h)}
          data-state={h.state}
          className="rounded-lg border border-slate-200 p-2 text-sm dark:border-slate-800"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-semibold">
              {h.from} → {h.to}
            </span>
            <span className={`${BADGE} ${STATE_STYLE[h.state]}`} data-testid="handoff-state">
              {h.state}
            </span>
            <span className="text-xs text-slate-600 dark:text-slate-300">
              acknowledgement: {h.acknowledge === "lead" ? "by the lead" : "when its agent starts"}
            </span>
            {h.state === "delivered" && (
              <button
                type="button"
                className={`${BUTTON} ${UNAVAILABLE_STYLE} ml-auto`}
                aria-disabled={mutation.isPending || undefined}
                onClick={(event) => {
                  if (mutation.isPending) return;
                  const stop = keepFocusWhenRemoved(event.currentTarget, () => {
                    const card = findHandoff(h);
                    return card?.querySelector<HTMLElement>('[data-testid="handoff-acknowledged"]') ?? card;
                  });
                  mutation.mutate(
                    {
                      url: `/api/handoffs/${encodeURIComponent(h.from)}/${encodeURIComponent(h.to)}/acknowledge`,
                    },
                    { onError: stop },
                  );
                }}
              >
                Acknowledge handoff {h.from} → {h.to}
              </button>
            )}
          </div>
          {h.reason && <p className="text-xs wrap-anywhere text-slate-600 dark:text-slate-300">{h.reason}</p>}
          {h.artifacts.length > 0 && (
            <ul className="mt-1 space-y-0.5 text-xs">
              {h.artifacts.map((a) => (
                // A hash (64 characters) or a deep path is longer than a phone is wide: both break anywhere.
                <li key={a.path} className="min-w-0">
                  <code className="break-all">{a.path}</code> {a.bytes} B{" "}
                  <code className="break-all text-slate-600 dark:text-slate-300">sha256 {a.sha256}</code>{" "}
                  {a.outcome}
                </li>
              ))}
            </ul>
          )}
          {h.document && (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-300">
                Handoff document (<span className="break-all">{h.documentPath}</span>)
              </summary>
              <pre className="mt-1 whitespace-pre-wrap wrap-anywhere text-xs">{h.document}</pre>
            </details>
          )}
          {h.acknowledgedAt && (
            <p className="text-xs text-slate-600 dark:text-slate-300" data-testid="handoff-acknowledged">
              acknowledged <time dateTime={h.acknowledgedAt}>{formatWhen(h.acknowledgedAt)}</time> by{" "}
              {h.acknowledgedBy}
            </p>
          )}
        </article>
      ))}
      {mutation.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
    </section>
  );
}

function handoffKey(h: Pick<HandoffView, "from" | "to">): string {
  return `${h.from}->${h.to}`;
}

/** The handoff's card as it is on the page now (re-rendered since the click). */
function findHandoff(h: Pick<HandoffView, "from" | "to">): HTMLElement | null {
  return document.querySelector<HTMLElement>(
    `[data-testid="handoff"][data-handoff="${CSS.escape(handoffKey(h))}"]`,
  );
}
