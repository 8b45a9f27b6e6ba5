"use client";
// A refused plan: the server's message and every problem with its line and column, errors first, then the
// warnings (as `paratrack validate` prints both); a click puts the editor's cursor on it. Used for the what-if
// answer and for a refused start.
import type { PlanIssue } from "@/lib/domain/plan/plan-validate";

/** "6:21 tracks[0].env.API_KEY: message": a warning of a plan the Planner accepted, with its place as the CLI names it. */
export function formatIssueLine(issue: PlanIssue): string {
  return `${issue.line}:${issue.column} ${issue.path === "" ? "" : `${issue.path}: `}${issue.message}`;
}

export function PlanProblems(props: {
  error: Error & { errors?: PlanIssue[]; warnings?: PlanIssue[] };
  onPick: (issue: PlanIssue) => void;
  testId?: string;
}) {
  const errors = props.error.errors ?? [];
  const warnings = props.error.warnings ?? [];
  return (
    <div role="alert" data-testid={props.testId ?? "what-if-errors"}>
      <p className="font-semibold text-red-700 dark:text-red-400">{props.error.message}</p>
      <IssueList issues={errors} onPick={props.onPick} />
      {warnings.length > 0 && (
        <>
          <p className="mt-3 text-sm font-medium text-amber-800 dark:text-amber-300">
            {warnings.length} warning{warnings.length === 1 ? "" : "s"}
          </p>
          <IssueList issues={warnings} onPick={props.onPick} className="text-amber-800 dark:text-amber-300" />
        </>
      )}
    </div>
  );
}

function IssueList(props: { issues: PlanIssue[]; onPick: (issue: PlanIssue) => void; className?: string }) {
  if (props.issues.length === 0) return null;
  return (
    <ul className={`mt-2 space-y-1 text-sm ${props.className ?? ""}`}>
      {props.issues.map((issue) => (
        <li key={`${issue.line}:${issue.column}:${issue.path}:${issue.message}`}>
          <button
            type="button"
            onClick={() => props.onPick(issue)}
            className="tap text-left hover:underline"
            title="Show in the editor"
          >
            {/* One child: the tap target's flex would otherwise set place, path and message side by side. */}
            <span className="min-w-0 wrap-anywhere">
              <span className="font-mono text-xs text-slate-600 dark:text-slate-300">
                {issue.line}:{issue.column}
              </span>{" "}
              {issue.path && <span className="font-mono text-xs">{issue.path}: </span>}
              {issue.message}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
