// What a page that shows one run says when it cannot: no run yet (how to start one), or the server's error.
import Link from "next/link";
import type { ReactNode } from "react";

export function NoRunMessage(props: {
  /** The error the query failed with ("no run …" from the server means none has started). */
  message: string;
  /** What could not be loaded: "the phases", "the Gantt". */
  what: string;
  /** What appears on the page once a run exists. */
  then: ReactNode;
}) {
  const noRun = /no run/.test(props.message);
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
