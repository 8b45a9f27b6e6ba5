"use client";
// The current phase's way forward: advance when the gate passes, or override with a reason (recorded); both ask
// first, since a closed phase is not reopened. Keyboard focus never falls to the page: the buttons stay focusable
// while they wait (aria-disabled), the override form takes focus when it opens and gives it back to its button when
// it closes (Escape or Cancel), and once the phase has moved on focus goes to the phase that is current now.
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import type { PhaseGateView } from "@/lib/engine/phase-views";
import { ConfirmDialog } from "../common/confirm-dialog";
import { keepFocusWhenRemoved } from "../common/keep-focus";
import { useAdvanceMutation } from "../data/use-advance-mutation";

/** A button that may not be used now: dimmed, still focusable (aria-disabled), hover changing nothing. */
const UNAVAILABLE =
  "aria-disabled:cursor-not-allowed aria-disabled:bg-slate-300 aria-disabled:text-slate-600 aria-disabled:hover:bg-slate-300 dark:aria-disabled:bg-slate-700 dark:aria-disabled:text-slate-400 dark:aria-disabled:hover:bg-slate-700";

export function AdvanceControls({ phase, runId }: { phase: PhaseGateView; runId: string }) {
  const advance = useAdvanceMutation(runId);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState("");
  // What the dialog is asking to do: advance on a passing gate, or on the reason given.
  const [confirming, setConfirming] = useState<"advance" | "override" | null>(null);
  const reasonId = useId();
  const blockedId = useId();
  const reasonHintId = useId();
  const root = useRef<HTMLDivElement>(null);
  const overrideButton = useRef<HTMLButtonElement>(null);
  const reasonBox = useRef<HTMLTextAreaElement>(null);
  // Where focus goes once the form has opened or closed (the element is only there after the render).
  const [focusNext, setFocusNext] = useState<"reason" | "override" | null>(null);
  useEffect(() => {
    if (focusNext === null) return;
    (focusNext === "reason" ? reasonBox : overrideButton).current?.focus();
    setFocusNext(null);
  }, [focusNext]);
  const isReasonMissing = reason.trim() === "";
  const isAdvanceUnavailable = !phase.passes || advance.isPending;
  const blocking = phase.items.filter((i) => i.status !== "pass");
  const isLast = phase.number === 5;
  const advanceLabel = isLast ? "Complete the workflow" : `Advance to phase ${phase.number + 1}`;
  const next = isLast
    ? "the workflow is complete"
    : `phase ${phase.number + 1} (the next one) becomes current`;
  const openOverride = () => {
    setOverriding(true);
    setFocusNext("reason");
  };
  const closeOverride = () => {
    setOverriding(false);
    setReason("");
    setFocusNext("override");
  };
  /**
   * Once these controls leave the page (the phase has closed), focus goes to the phase that is current now (the last
   * one when the workflow is complete). Returns the end of the watch, for a refused advance.
   */
  const followThePhase = () =>
    keepFocusWhenRemoved(
      root.current,
      () =>
        document.querySelector<HTMLElement>('section[id^="phase-"][data-state="current"]') ??
        document.getElementById(`phase-${phase.number}`),
    );
  const confirm = () => {
    const kind = confirming;
    setConfirming(null);
    if (advance.isPending) return;
    if (kind === "advance") advance.mutate({}, { onError: followThePhase() });
    else if (kind === "override") submitOverride();
  };
  const submitOverride = () => {
    if (isReasonMissing) return;
    const stopFollowing = followThePhase();
    advance.mutate(
      { overrideReason: reason.trim() },
      {
        onSuccess: () => {
          setOverriding(false);
          setReason("");
        },
        onError: stopFollowing,
      },
    );
  };
  return (
    <div
      ref={root}
      className="mt-4 space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
      data-testid="advance-controls"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          // Focusable though it may not be used (the gate blocks, or the advance is on its way): the paragraph
          // below says why, and focus does not fall to the page when the button waits.
          aria-disabled={isAdvanceUnavailable || undefined}
          aria-describedby={phase.passes ? undefined : blockedId}
          onClick={() => {
            if (!isAdvanceUnavailable) setConfirming("advance");
          }}
          className={`tap rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-500 ${UNAVAILABLE}`}
        >
          {advanceLabel}
        </button>
        {!phase.passes && !overriding && (
          <button
            ref={overrideButton}
            type="button"
            onClick={openOverride}
            className="tap rounded-md border border-amber-500 px-3 py-2 text-sm font-semibold text-amber-800 hover:bg-amber-50 dark:text-amber-300 dark:hover:bg-amber-950"
          >
            Override with reason
          </button>
        )}
      </div>
      {!phase.passes && (
        <p
          id={blockedId}
          className="text-sm text-slate-600 dark:text-slate-400"
          data-testid="advance-blocked"
        >
          Blocked until every item passes: {blocking.map((b) => b.label).join(", ")}.
        </p>
      )}
      {overriding && (
        <form
          aria-label="Override the gate"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40"
          onSubmit={(e) => {
            e.preventDefault();
            if (!isReasonMissing && !advance.isPending) setConfirming("override");
          }}
          onKeyDown={(e: KeyboardEvent<HTMLFormElement>) => {
            // Escape closes the form, as Cancel does, and focus goes back to "Override with reason".
            if (e.key !== "Escape" || advance.isPending) return;
            e.preventDefault();
            closeOverride();
          }}
        >
          <label htmlFor={reasonId} className="block text-sm font-medium">
            Override reason
          </label>
          <textarea
            ref={reasonBox}
            id={reasonId}
            required
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Why the phase may go on although its gate does not pass (recorded in the events)"
            className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
          />
          <div className="flex flex-wrap gap-2">
            <button
              type="submit"
              aria-disabled={isReasonMissing || advance.isPending || undefined}
              aria-describedby={isReasonMissing ? reasonHintId : undefined}
              className={`tap rounded-md bg-amber-600 px-3 py-2 text-sm font-semibold text-white hover:bg-amber-500 ${UNAVAILABLE}`}
            >
              {isLast
                ? "Override and complete the workflow"
                : `Override and advance to phase ${phase.number + 1}`}
            </button>
            <button
              type="button"
              onClick={closeOverride}
              className="tap rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              Cancel
            </button>
          </div>
          {isReasonMissing && (
            <p id={reasonHintId} className="text-xs text-slate-600 dark:text-slate-300">
              Write the reason first: it is recorded with the override.
            </p>
          )}
        </form>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={isLast ? "Complete the workflow?" : `Advance to phase ${phase.number + 1}?`}
        confirmLabel={
          confirming === "override"
            ? isLast
              ? "Override and complete"
              : "Override and advance"
            : advanceLabel
        }
        tone={confirming === "override" ? "danger" : "default"}
        onConfirm={confirm}
        onCancel={() => setConfirming(null)}
        testId="advance-dialog"
      >
        <p>
          Phase {phase.number} ({phase.title}) closes and {next}. A closed phase is not reopened.
        </p>
        {confirming === "override" && (
          <p className="mt-2">
            Its gate does not pass ({blocking.map((b) => b.label).join(", ")}); your reason is recorded in the
            events: “{reason.trim()}”.
          </p>
        )}
      </ConfirmDialog>
      {advance.isError && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {advance.error.message}
        </p>
      )}
    </div>
  );
}
