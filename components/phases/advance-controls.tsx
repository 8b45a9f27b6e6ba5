"use client";
// The current phase's way forward: advance when the gate passes, or override with a reason (recorded); both ask
// first, since a closed phase is not reopened.
import { useId, useState } from "react";
import type { PhaseGateView } from "@/lib/engine/phase-views";
import { ConfirmDialog } from "../common/confirm-dialog";
import { useAdvanceMutation } from "../data/use-advance-mutation";

export function AdvanceControls({ phase, runId }: { phase: PhaseGateView; runId: string }) {
  const advance = useAdvanceMutation(runId);
  const [overriding, setOverriding] = useState(false);
  const [reason, setReason] = useState("");
  // What the dialog is asking to do: advance on a passing gate, or on the reason given.
  const [confirming, setConfirming] = useState<"advance" | "override" | null>(null);
  const reasonId = useId();
  const blockedId = useId();
  const blocking = phase.items.filter((i) => i.status !== "pass");
  const isLast = phase.number === 5;
  const advanceLabel = isLast ? "Complete the workflow" : `Advance to phase ${phase.number + 1}`;
  const next = isLast
    ? "the workflow is complete"
    : `phase ${phase.number + 1} (the next one) becomes current`;
  const confirm = () => {
    const kind = confirming;
    setConfirming(null);
    if (kind === "advance") advance.mutate({});
    else if (kind === "override") submitOverride();
  };
  const submitOverride = () => {
    if (reason.trim() === "") return;
    advance.mutate(
      { overrideReason: reason.trim() },
      {
        onSuccess: () => {
          setOverriding(false);
          setReason("");
        },
      },
    );
  };
  return (
    <div
      className="mt-4 space-y-3 border-t border-slate-200 pt-4 dark:border-slate-800"
      data-testid="advance-controls"
    >
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="button"
          disabled={!phase.passes || advance.isPending}
          aria-describedby={phase.passes ? undefined : blockedId}
          onClick={() => setConfirming("advance")}
          className="tap rounded-md bg-blue-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-500 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600 dark:disabled:bg-slate-700 dark:disabled:text-slate-400"
        >
          {advanceLabel}
        </button>
        {!phase.passes && !overriding && (
          <button
            type="button"
            onClick={() => setOverriding(true)}
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
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40"
          onSubmit={(e) => {
            e.preventDefault();
            if (reason.trim() !== "") setConfirming("override");
          }}
        >
          <label htmlFor={reasonId} className="block text-sm font-medium">
            Override reason
          </label>
          <textarea
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
              disabled={reason.trim() === "" || advance.isPending}
              className="tap rounded-md bg-amber-600 px-3 py-2 text-sm font-semibold text-white hover:bg-amber-500 disabled:cursor-not-allowed disabled:bg-slate-300 disabled:text-slate-600 dark:disabled:bg-slate-700 dark:disabled:text-slate-400"
            >
              {isLast
                ? "Override and complete the workflow"
                : `Override and advance to phase ${phase.number + 1}`}
            </button>
            <button
              type="button"
              onClick={() => {
                setOverriding(false);
                setReason("");
              }}
              className="tap rounded-md px-3 py-2 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
            >
              Cancel
            </button>
          </div>
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
