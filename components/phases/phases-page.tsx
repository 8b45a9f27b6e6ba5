"use client";
// /phases: the run's five phases as a stepper, each phase's validation gate, and the way forward.
import Link from "next/link";
import { Card } from "../common/card";
import { HandoffsPanel } from "../coordination/handoffs-panel";
import { IntegrationPanel } from "../coordination/integration-panel";
import { usePhasesQuery } from "../hooks/use-phases-query";
import { useTracksQuery } from "../hooks/use-tracks-query";
import { PhaseCard } from "./phase-card";
import { PhaseStepper } from "./phase-stepper";

export function PhasesPage({ runId = "current" }: { runId?: string }) {
  const query = usePhasesQuery(runId);
  const tracks = useTracksQuery();
  const hasRepo = runId === "current" && (tracks.data ?? []).some((t) => t.git);
  if (query.isPending) {
    return (
      <Card title="Phases">
        <p className="text-sm text-slate-500" role="status">
          Loading the run's phases…
        </p>
      </Card>
    );
  }
  if (query.isError) {
    const noRun = /no run/.test(query.error.message);
    return (
      <Card title="Phases">
        <p className="text-sm text-slate-600 dark:text-slate-300" role={noRun ? "status" : "alert"}>
          {noRun ? "No run has started yet." : `Could not load the phases: ${query.error.message}`}
        </p>
        {noRun && (
          <p className="mt-2 text-sm text-slate-500 dark:text-slate-400">
            Start one with <code>paratrack run plan.yaml</code> (or <code>npm run demo</code>); its phases and
            gates appear here.
          </p>
        )}
      </Card>
    );
  }
  const view = query.data;
  const current = view.phases.find((p) => p.number === view.currentPhase);
  // Links keep the run the page shows; "current" follows whichever run is live.
  const runParam = runId === "current" ? "" : `?run=${encodeURIComponent(view.runId)}`;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div className="min-w-0">
          <h1 className="text-xl font-bold tracking-tight">Phases and validation gates</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="phases-summary">
            {view.runName} · run {view.runStatus} ·{" "}
            {view.complete ? (
              <strong>workflow complete: all five gates closed</strong>
            ) : (
              <>
                current phase <strong>{view.currentPhase}</strong>
                {current ? ` (${current.title})` : ""}
              </>
            )}
          </p>
        </div>
        <Link
          href={`/retrospective${runParam}`}
          className="text-sm font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-400"
        >
          Retrospective and success metrics →
        </Link>
      </div>
      <PhaseStepper phases={view.phases} />
      <div className="space-y-4">
        {view.phases.map((phase) => (
          <PhaseCard
            key={phase.number}
            phase={phase}
            runId={runId}
            complete={view.complete}
            extra={
              phase.number === 4 ? (
                <HandoffsPanel runId={runId} />
              ) : phase.number === 5 ? (
                <IntegrationPanel runId={runId} hasRepo={hasRepo} />
              ) : null
            }
          />
        ))}
      </div>
    </div>
  );
}
