"use client";
// The lead pastes a daily status (the seed's YAML); it is read here and validated by the server, whose
// problems are listed on the lines they refer to. A rejected report changes nothing.
import { useId, useState } from "react";
import { ConfirmDialog } from "@/components/common/confirm-dialog";
import { hasOwnEdits } from "@/components/common/replace-guard";
import { ApiError } from "@/components/data/fetch-json";
import { useReportMutation } from "@/components/data/use-report-mutation";
import { formatProblem, type ReportProblem, readReportText, toReportProblems } from "./report-input";
import { uniqueKeys } from "./unique-keys";

/** A filled-in example in the seed's "Daily Status Update Format". */
export function reportTemplate(trackKey: string, today: Date): string {
  return `date: ${today.toISOString().slice(0, 10)}
track: ${trackKey}
agent: lead
status: on-track
progress_percent: 50
completed_today:
  - Reviewed the track's deliverables
planned_tomorrow:
  - Hand off to integration
blockers:
  - blocker: Waiting on an API decision
    severity: medium
    resolution_plan: Decide at the daily sync
resource_usage:
  ram_gb: 0.5
  model: claude-sonnet-4.5
  duration_hours: 2
`;
}

type Outcome =
  | { kind: "idle" }
  | { kind: "rejected"; message: string; problems: ReportProblem[] }
  | { kind: "accepted"; progress: number };

export function ReportForm({ trackKey }: { trackKey: string }) {
  const id = useId();
  const [text, setText] = useState("");
  /** The template last filled in: text that differs from it is the lead's own, not replaced without a yes. */
  const [filled, setFilled] = useState("");
  const [isConfirming, setIsConfirming] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const mutation = useReportMutation(trackKey);
  const problemKeys =
    outcome.kind === "rejected"
      ? uniqueKeys(outcome.problems, (p) => `${p.path}:${p.line ?? 0}:${p.message}`)
      : [];

  const fillTemplate = () => {
    const template = reportTemplate(trackKey, new Date());
    setText(template);
    setFilled(template);
    setOutcome({ kind: "idle" });
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    // The button stays focusable while the report is on its way (aria-disabled); a press meanwhile is ignored.
    if (mutation.isPending) return;
    const read = readReportText(text);
    if (!read.ok) {
      setOutcome({ kind: "rejected", message: "the report is not valid YAML", problems: read.problems });
      return;
    }
    setOutcome({ kind: "idle" });
    mutation.mutate(read.body, {
      onSuccess: (track) => {
        setOutcome({ kind: "accepted", progress: Math.round(track.progress) });
        setText("");
        setFilled("");
      },
      onError: (error) => {
        const problems = error instanceof ApiError ? error.details : undefined;
        setOutcome({
          kind: "rejected",
          message: error.message,
          problems: toReportProblems(problems, read.locate),
        });
      },
    });
  };

  return (
    <form
      onSubmit={submit}
      aria-labelledby={`${id}-title`}
      className="space-y-2"
      data-testid="report-form"
      noValidate
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id={`${id}-title`} className="font-semibold">
          Submit a status report
        </h3>
        <button
          type="button"
          onClick={() => (hasOwnEdits(text, filled) ? setIsConfirming(true) : fillTemplate())}
          className="tap text-sm text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
        >
          Fill in a template
        </button>
      </div>
      <label htmlFor={`${id}-text`} className="block text-xs text-slate-600 dark:text-slate-400">
        Report (YAML, the workflow's daily status format)
      </label>
      <textarea
        id={`${id}-text`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={10}
        spellCheck={false}
        placeholder={`date: YYYY-MM-DD\ntrack: ${trackKey}\nstatus: on-track\nprogress_percent: 40\n…`}
        aria-invalid={outcome.kind === "rejected"}
        aria-describedby={outcome.kind === "rejected" ? `${id}-error` : undefined}
        className="block w-full rounded-md border border-slate-300 bg-white p-2 font-mono text-xs text-slate-900 placeholder:text-slate-400 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-500/30 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
      />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          aria-disabled={mutation.isPending || undefined}
          className="tap rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 aria-disabled:cursor-wait aria-disabled:opacity-50 dark:bg-slate-100 dark:text-slate-900 dark:hover:bg-slate-300"
        >
          {mutation.isPending ? "Submitting…" : "Submit report"}
        </button>
        {outcome.kind === "accepted" && (
          <p
            role="status"
            className="text-sm text-green-700 dark:text-green-400"
            data-testid="report-accepted"
          >
            Report accepted; the track is at {outcome.progress}%.
          </p>
        )}
      </div>
      {outcome.kind === "rejected" && (
        <div
          id={`${id}-error`}
          role="alert"
          data-testid="report-error"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          <p className="font-medium">Report rejected, nothing was changed.</p>
          {outcome.problems.length > 0 ? (
            <ul className="mt-1 list-disc space-y-0.5 pl-5" aria-label="Problems in the report">
              {outcome.problems.map((problem, i) => (
                <li key={problemKeys[i]}>{formatProblem(problem)}</li>
              ))}
            </ul>
          ) : (
            <p className="mt-1">{outcome.message}</p>
          )}
        </div>
      )}
      <ConfirmDialog
        open={isConfirming}
        title="Replace your report with the template?"
        confirmLabel="Replace"
        tone="danger"
        testId="confirm-replace-report"
        onConfirm={() => {
          setIsConfirming(false);
          fillTemplate();
        }}
        onCancel={() => setIsConfirming(false)}
      >
        <p>The template replaces what you have written in the report box.</p>
      </ConfirmDialog>
    </form>
  );
}
