"use client";
// /gantt: a run's plan-versus-actual Gantt (?run=<id>; by default the live run, else the newest).
import Link from "next/link";
import { Card } from "../common/card";
import { useGanttQuery } from "../data/use-gantt-query";
import { RunPicker } from "../runs/run-picker";
import { GanttBoard } from "./gantt-board";

export function GanttPage({ runId = "current" }: { runId?: string }) {
  const gantt = useGanttQuery(runId);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold tracking-tight">
          Gantt{gantt.data ? `: ${gantt.data.run.name}` : ""}
        </h1>
        <RunPicker value={runId} basePath="/gantt" />
      </div>
      {gantt.isPending ? (
        <Card>
          <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
            Loading the run…
          </p>
        </Card>
      ) : gantt.isError ? (
        <Card>
          <NoGantt message={gantt.error.message} />
        </Card>
      ) : (
        <GanttBoard view={gantt.data} receivedAt={gantt.dataUpdatedAt} />
      )}
    </div>
  );
}

function NoGantt({ message }: { message: string }) {
  const noRun = /no run/.test(message);
  return (
    <>
      <p className="text-sm text-slate-700 dark:text-slate-300" role={noRun ? "status" : "alert"}>
        {noRun ? "No run has started yet." : `Could not load the Gantt: ${message}`}
      </p>
      {noRun && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-300">
          Start one from the{" "}
          <Link href="/plan" className="underline">
            Planner
          </Link>{" "}
          (it also compares machine sizes for a plan), with <code>paratrack run plan.yaml</code>, or with{" "}
          <code>npm run demo</code>.
        </p>
      )}
    </>
  );
}
