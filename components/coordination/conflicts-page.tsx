"use client";
// The Conflicts page: open conflicts first (with the seed's recommendation and the lead's rulings), then those
// settled; below, the blockers board.
import { Card } from "../common/card";
import { useBlockersQuery } from "../data/use-blockers-query";
import { useConflictsQuery } from "../data/use-conflicts-query";
import { useRunsQuery } from "../data/use-runs-query";
import { RunPicker } from "../runs/run-picker";
import { BlockersBoard } from "./blockers-board";
import { ConflictCard } from "./conflict-card";

export function ConflictsPage({ runId }: { runId: string }) {
  const conflicts = useConflictsQuery(runId);
  const blockers = useBlockersQuery(runId);
  const runs = useRunsQuery();
  // The live run is the newest; a past one picked by id (?run=) takes no rulings: the server has ended it.
  const run = runId === "current" ? runs.data?.[0] : runs.data?.find((r) => r.id === runId);
  const live = run?.status === "running";
  // Until the runs load, rulings stay offered as before; an ended run's open conflicts say they were left open.
  const ended = run !== undefined && run.status !== "running";
  const list = conflicts.data ?? [];
  const open = list.filter((c) => c.state === "open");
  const settled = list.filter((c) => c.state !== "open").reverse();
  const critical = list.filter((c) => c.severity === "critical").length;
  return (
    <div className="space-y-4">
      {/* Like the other pages: a heading for the page, and which run's conflicts these are (?run= shows a past one). */}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-xl font-bold tracking-tight">Conflicts and blockers</h1>
        <RunPicker value={runId} basePath="/conflicts" />
      </div>
      <Card
        title="Conflicts"
        labelledBy="conflicts-heading"
        actions={
          <span className="text-xs text-slate-600 dark:text-slate-300" data-testid="conflicts-summary">
            {open.length} open · {list.length} in all · {critical} critical (the workflow's target: at most 2)
          </span>
        }
      >
        {conflicts.error && (
          <p className="text-sm text-slate-600 dark:text-slate-300">{conflicts.error.message}</p>
        )}
        {!conflicts.error && list.length === 0 && (
          <p className="text-sm text-slate-600 dark:text-slate-300">No conflict detected.</p>
        )}
        <div className="space-y-3">
          {open.map((c) => (
            <ConflictCard key={c.id} conflict={c} live={!ended} />
          ))}
          {settled.length > 0 && (
            <>
              <h3 className="pt-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300">
                Settled
              </h3>
              {settled.map((c) => (
                <ConflictCard key={c.id} conflict={c} />
              ))}
            </>
          )}
        </div>
      </Card>
      <Card title="Blockers board" labelledBy="blockers-heading">
        <BlockersBoard blockers={blockers.data} live={live} />
      </Card>
    </div>
  );
}
