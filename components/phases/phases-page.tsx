"use client";
// /phases: the run's five phases as a stepper, each phase's validation gate, and the way forward.
import Link from "next/link";
import type { PhasesView } from "@/lib/engine/phase-views";
import { Card } from "../common/card";
import { NoRunMessage } from "../common/no-run-message";
import { HandoffsPanel } from "../coordination/handoffs-panel";
import { IntegrationPanel } from "../coordination/integration-panel";
import { usePhasesQuery } from "../data/use-phases-query";
import { useTracksQuery } from "../data/use-tracks-query";
import { RunPicker, runHref } from "../runs/run-picker";
import { PhaseCard } from "./phase-card";
import { PhaseStepper } from "./phase-stepper";

export function PhasesPage({ runId = "current" }: { runId?: string }) {
  const query = usePhasesQuery(runId);
  const tracks = useTracksQuery();
  const hasRepo = runId === "current" && (tracks.data ?? []).some((t) => t.git);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-xl font-bold tracking-tight">Phases and validation gates</h1>
          {query.data && <Summary view={query.data} />}
          <p
            className="mt-1 max-w-3xl text-sm text-slate-600 dark:text-slate-300"
            data-testid="phases-who-advances"
          >
            During the run, the lead advances the current phase once every item of its gate passes (automatic
            items follow the run; manual ones are ticked here), or overrides the gate with a reason. When the
            run ends it moves to phase 5&apos;s gate: the gates before it close, overridden where they did not
            pass. Tracks run whatever the phase.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <RunPicker value={runId} basePath="/phases" />
          {query.data && (
            <Link
              href={runHref("/retrospective", runId === "current" ? "current" : query.data.runId)}
              className="tap text-sm font-medium text-blue-700 underline-offset-2 hover:underline dark:text-blue-300"
            >
              Retrospective and success metrics →
            </Link>
          )}
        </div>
      </div>
      {query.isPending ? (
        <Card>
          <p className="text-sm text-slate-600 dark:text-slate-300" role="status">
            Loading the run's phases…
          </p>
        </Card>
      ) : query.isError ? (
        <Card>
          <NoRunMessage
            message={query.error.message}
            runId={runId}
            what="the phases"
            then="its phases and gates appear here."
          />
        </Card>
      ) : (
        <>
          <PhaseStepper phases={query.data.phases} />
          <div className="space-y-4">
            {query.data.phases.map((phase) => (
              <PhaseCard
                key={phase.number}
                phase={phase}
                runId={runId}
                complete={query.data.complete}
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
        </>
      )}
    </div>
  );
}

function Summary({ view }: { view: PhasesView }) {
  const current = view.phases.find((p) => p.number === view.currentPhase);
  return (
    <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="phases-summary">
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
  );
}
