"use client";
// /gantt: a run's plan-versus-actual Gantt (?run=<id>; by default the live run, else the newest).
import { Card } from "../common/card";
import { NoRunMessage } from "../common/no-run-message";
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
          <NoRunMessage
            message={gantt.error.message}
            runId={runId}
            what="the Gantt"
            then="its planned and actual bars appear here (the Planner also compares machine sizes for a plan)."
          />
        </Card>
      ) : (
        <GanttBoard view={gantt.data} receivedAt={gantt.dataUpdatedAt} />
      )}
    </div>
  );
}
