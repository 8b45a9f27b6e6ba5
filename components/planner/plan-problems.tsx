"use client";
// A refused plan: the server's message and every problem with its line and column; a click puts the editor's
// cursor on it. Used for the what-if answer and for a refused start.
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";

export function PlanProblems(props: {
  error: Error & { errors?: PlanIssue[]; warnings?: PlanIssue[] };
  onPick: (issue: PlanIssue) => void;
  testId?: string;
}) {
  const errors = props.error.errors ?? [];
  return (
    <div role="alert" data-testid={props.testId ?? "what-if-errors"}>
      <p className="font-semibold text-red-700 dark:text-red-400">{props.error.message}</p>
      {errors.length > 0 && (
        <ul className="mt-2 space-y-1 text-sm">
          {errors.map((issue) => (
            <li key={`${issue.line}:${issue.column}:${issue.path}:${issue.message}`}>
              <button
                type="button"
                onClick={() => props.onPick(issue)}
                className="tap text-left hover:underline"
                title="Show in the editor"
              >
                <span className="font-mono text-xs text-slate-600 dark:text-slate-300">
                  {issue.line}:{issue.column}
                </span>{" "}
                {issue.path && <span className="font-mono text-xs">{issue.path}: </span>}
                {issue.message}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
