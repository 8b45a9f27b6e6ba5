"use client";
import { rulingText } from "@/lib/domain/coordination/conflict-lifecycle";
import {
  CONFLICT_KIND_LABEL,
  conflictName,
  recommendationText,
} from "@/lib/domain/coordination/conflict-wording";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";
// One conflict: what was found (files, how each track changed them, merge-tree's words), the seed's recommended
// resolution with its reason and six steps, and the lead's rulings (or the ruling made). A ruling's button stays
// focusable while it waits (aria-disabled); once the conflict is settled and its buttons gone, focus moves to the
// ruling as the card now words it.
import { tracksLabel } from "@/lib/domain/wording";
import { formatEventTime } from "../common/event-time";
import { keepFocusWhenRemoved, UNAVAILABLE_STYLE } from "../common/keep-focus";
import { useCoordinationMutation } from "../data/use-coordination-mutation";
import { rulingChoices } from "./conflict-choices";
import { BADGE, BUTTON, PRIMARY_BUTTON, SEVERITY_BADGE } from "./severity-style";

const STATE_LABEL: Record<ConflictRecord["state"], string> = {
  open: "Open: waiting for the lead",
  resolved: "Resolved",
  dismissed: "Dismissed",
  cleared: "Cleared by itself",
};

function lines(added: number | null, removed: number | null): string {
  return `+${added ?? "?"} −${removed ?? "?"}`;
}

/** The ruling in words (also for records stored before rulings were worded), else what the system recorded. */
function resolutionText(conflict: ConflictRecord): string | null {
  const ruling = conflict.ruling;
  if (!ruling) return conflict.resolution;
  const choice = ruling.choice;
  const added =
    choice.option === "widen-scope"
      ? (ruling.scopeChanges.find((c) => c.trackKey === choice.trackKey)?.add ?? [])
      : [];
  return rulingText(choice, conflict, added);
}

/** When a conflict was found or settled: with the date, as runs last days. */
function when(iso: string | null): string | null {
  if (iso === null) return null;
  return formatEventTime(iso, new Date(), { withDate: true, seconds: false }) || null;
}

/**
 * `live`: the conflict belongs to the live run, the only one the lead can rule on (the server answers "no conflict in
 * the current run" for any other); an ended run's open conflicts only say they were left open.
 */
export function ConflictCard({
  conflict,
  compact = false,
  live = true,
}: {
  conflict: ConflictRecord;
  compact?: boolean;
  live?: boolean;
}) {
  const mutation = useCoordinationMutation();
  const choices = conflict.state === "open" ? rulingChoices(conflict) : [];
  const recommended = choices.find((c) => c.recommended);
  const others = choices.filter((c) => !c.recommended);
  const rec = conflict.recommendation;
  const name = conflict.key ?? `#${conflict.id}`;
  // Said after each ruling's label to screen readers: "Dismiss as acceptable" alone does not say which conflict.
  const which = `, ${conflictName(conflict.kind, conflict.trackKeys)}`;
  const resolve = (choice: (typeof choices)[number]["choice"], button: HTMLButtonElement) => {
    if (mutation.isPending) return;
    const stop = keepFocusWhenRemoved(button, () => {
      const card = document.querySelector<HTMLElement>(
        `[data-testid="conflict-card"][data-conflict-id="${conflict.id}"]`,
      );
      return card?.querySelector<HTMLElement>('[data-testid="conflict-resolution"]') ?? card;
    });
    mutation.mutate({ url: `/api/conflicts/${conflict.id}/resolve`, body: choice }, { onError: stop });
  };

  return (
    <article
      aria-label={`Conflict ${name}`}
      data-testid="conflict-card"
      data-state={conflict.state}
      data-conflict-key={conflict.key ?? undefined}
      data-conflict-id={conflict.id}
      className="space-y-3 rounded-lg border border-slate-200 p-3 dark:border-slate-800"
    >
      <header className="flex flex-wrap items-center gap-2">
        <span className={`${BADGE} ${SEVERITY_BADGE[conflict.severity]}`}>{conflict.severity}</span>
        <h3 className="font-semibold">{CONFLICT_KIND_LABEL[conflict.kind]}</h3>
        <span className="text-sm text-slate-600 dark:text-slate-300">{tracksLabel(conflict.trackKeys)}</span>
        <span className="ml-auto text-xs text-slate-600 dark:text-slate-300">
          <span data-testid="conflict-state">
            {conflict.state === "open" && !live
              ? "Left open when the run ended"
              : STATE_LABEL[conflict.state]}
          </span>
          <span data-testid="conflict-times">
            {when(conflict.at) && ` · found ${when(conflict.at)}`}
            {conflict.state !== "open" &&
              when(conflict.resolvedAt) &&
              ` · settled ${when(conflict.resolvedAt)}`}
          </span>
        </span>
      </header>
      <p className="text-sm">{conflict.message}</p>

      <div>
        <h4 className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
          Files
        </h4>
        <ul className="mt-1 space-y-1 text-sm" data-testid="conflict-files">
          {(
            conflict.evidence?.files ??
            conflict.files.map((path) => ({ path, changes: [], owners: [], mergeMessages: [] }))
          ).map((file) => (
            <li key={file.path}>
              <code className="font-mono">{file.path}</code>
              {file.changes.length > 0 && (
                <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">
                  {file.changes
                    .map(
                      (c) =>
                        `${c.trackKey} ${lines(c.added, c.removed)}${c.committed ? " committed" : ""}${c.uncommitted ? " uncommitted" : ""}`,
                    )
                    .join("; ")}
                </span>
              )}
              {!compact &&
                file.mergeMessages.map((m) => (
                  <p key={m} className="text-xs text-slate-600 dark:text-slate-300">
                    merge-tree: {m}
                  </p>
                ))}
            </li>
          ))}
        </ul>
      </div>

      {rec && (
        <div
          className="rounded-md bg-slate-50 p-2 text-sm dark:bg-slate-800/60"
          data-testid="conflict-recommendation"
          data-option={rec.option}
        >
          <p>
            <span className="font-semibold">Recommended: </span>
            {recommended?.label ?? recommendationText(conflict)}
          </p>
          <p className="text-slate-600 dark:text-slate-300" data-testid="conflict-reason">
            {rec.reason}
          </p>
          {!compact && rec.steps.length > 0 && (
            <details className="mt-1">
              <summary className="cursor-pointer text-xs text-slate-600 dark:text-slate-300">
                The workflow's six steps
              </summary>
              <ol className="mt-1 list-decimal space-y-0.5 pl-5 text-xs">
                {rec.steps.map((s) => (
                  <li key={s.step}>
                    <span className="font-medium">{s.step}:</span> {s.text}
                  </li>
                ))}
              </ol>
            </details>
          )}
        </div>
      )}

      {conflict.state !== "open" && conflict.resolution && (
        <p className="text-sm" data-testid="conflict-resolution">
          <span className="font-semibold">{conflict.state === "cleared" ? "Cleared" : "Ruling"}:</span>{" "}
          {resolutionText(conflict)}
          {conflict.resolvedBy && (
            <span className="text-slate-600 dark:text-slate-300"> (by {conflict.resolvedBy})</span>
          )}
          {conflict.held.length > 0 && (
            <span className="text-amber-700 dark:text-amber-300">
              {" "}
              — {conflict.held.join(", ")} held until{" "}
              {conflict.held.length === 1 ? "it rebases" : "they rebase"}
            </span>
          )}
        </p>
      )}

      {conflict.state === "open" && !compact && live && (
        <div className="flex flex-wrap items-center gap-2" aria-busy={mutation.isPending}>
          {recommended && (
            <button
              type="button"
              className={`${PRIMARY_BUTTON} ${UNAVAILABLE_STYLE}`}
              aria-disabled={mutation.isPending || undefined}
              onClick={(event) => resolve(recommended.choice, event.currentTarget)}
            >
              Accept: {recommended.label}
              <span className="sr-only">{which}</span>
            </button>
          )}
          <details className="w-full">
            <summary className="cursor-pointer text-sm text-slate-600 dark:text-slate-300">
              {recommended ? "Other rulings" : "Rulings"}
            </summary>
            <div className="mt-2 flex flex-wrap gap-2">
              {others.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  className={`${BUTTON} ${UNAVAILABLE_STYLE}`}
                  aria-disabled={mutation.isPending || undefined}
                  onClick={(event) => resolve(c.choice, event.currentTarget)}
                >
                  {c.label}
                  <span className="sr-only">{which}</span>
                </button>
              ))}
            </div>
          </details>
        </div>
      )}
      {mutation.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          {mutation.error.message}
        </p>
      )}
    </article>
  );
}
