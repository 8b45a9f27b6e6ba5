// What a page that shows one run says when it cannot: no run yet (how to start one), no run with the id asked for
// (pick another), or the server's error.
import Link from "next/link";
import type { ReactNode } from "react";

export function NoRunMessage(props: {
  /** The error the query failed with ("no run …" from the server: none has started, or none has that id). */
  message: string;
  /** The run the page asked for: an id from ?run=, or "current". */
  runId: string;
  /** What could not be loaded: "the phases", "the Gantt". */
  what: string;
  /** What appears on the page once a run exists. */
  then: ReactNode;
}) {
  const noRun = /no run/.test(props.message);
  // A named run that is not stored (a mistyped or deleted id) is not "no run yet": other runs may well exist.
  if (noRun && props.runId !== "current") {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-300" role="status" data-testid="unknown-run">
        No run with id “{props.runId}” (it may have been deleted); pick one from the Run list above, or see{" "}
        <Link href="/runs" className="underline">
          all runs
        </Link>
        .
      </p>
    );
  }
  return (
    <>
      <p className="text-sm text-slate-700 dark:text-slate-300" role={noRun ? "status" : "alert"}>
        {noRun ? "No run has started yet." : `Could not load ${props.what}: ${props.message}`}
      </p>
      {noRun && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          Start one from the{" "}
          <Link href="/plan" className="underline">
            Planner
          </Link>
          , with <code>paratrack run plan.yaml</code> or with <code>npm run demo</code>; {props.then}
        </p>
      )}
    </>
  );
}
