"use client";
// /gantt: the live (or newest) run's plan-versus-actual Gantt.
import Link from "next/link";
import { Card } from "../common/card";
import { useGanttQuery } from "../data/use-gantt-query";
import { GanttBoard } from "./gantt-board";

export function GanttPage({ runId = "current" }: { runId?: string }) {
  const gantt = useGanttQuery(runId);
  if (gantt.isPending) {
    return (
      <Card title="Gantt">
        <p className="text-sm text-slate-500" role="status">
          Loading the run…
        </p>
      </Card>
    );
  }
  if (gantt.isError) {
    const noRun = /no run/.test(gantt.error.message);
    return (
      <Card title="Gantt">
        <p className="text-sm text-slate-600 dark:text-slate-300" role={noRun ? "status" : "alert"}>
          {noRun ? "No run has started yet." : `Could not load the Gantt: ${gantt.error.message}`}
        </p>
        {noRun && (
          <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">
            Start one with <code>paratrack run plan.yaml</code> (or <code>npm run demo</code>), or compare
            machine sizes for a plan in the{" "}
            <Link href="/plan" className="underline">
              planner
            </Link>
            .
          </p>
        )}
      </Card>
    );
  }
  return <GanttBoard view={gantt.data} receivedAt={gantt.dataUpdatedAt} />;
}
