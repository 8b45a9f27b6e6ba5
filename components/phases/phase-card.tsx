"use client";
// One phase: its objective, its gate checklist (per-track detail for phase 4), and for the current phase the
// way forward.
import type { ReactNode } from "react";
import type { PhaseGateView } from "@/lib/engine/phase-views";
import { AdvanceControls } from "./advance-controls";
import { GateItemRow } from "./gate-item-row";
import { formatWhen, PHASE_STATE_LABEL, PHASE_STATE_STYLE } from "./gate-style";
import { TrackGateTable } from "./track-gate-table";

export function PhaseCard(props: {
  phase: PhaseGateView;
  runId: string;
  complete: boolean;
  /** What the phase did beyond its gate (phase 4's handoffs, phase 5's integration). */
  extra?: ReactNode;
}) {
  const { phase } = props;
  const titleId = `phase-${phase.number}-title`;
  const isCurrent = phase.state === "current";
  return (
    <section
      id={`phase-${phase.number}`}
      aria-labelledby={titleId}
      data-testid={`phase-${phase.number}`}
      data-state={phase.state}
      className={`scroll-mt-20 rounded-xl border bg-white p-4 shadow-sm dark:bg-slate-900 ${
        isCurrent
          ? "border-blue-500 ring-2 ring-blue-500/30 dark:border-blue-400"
          : "border-slate-200 dark:border-slate-800"
      }`}
    >
      <header className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h2 id={titleId} className="text-base font-semibold">
            Phase {phase.number}: {phase.title}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {phase.objective} · <span className="whitespace-nowrap">{phase.timing}</span>
            {/* The seed's gate is daily; here it is read live, with stability judged over the last 24 h. */}
            {phase.cadence === "every-24h"
              ? " · the workflow gates it every 24 h; checked live here (stability over 24 h)"
              : ""}
            {phase.cadence === "per-track" ? " · gate checked per track" : ""}
          </p>
        </div>
        <span
          className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${PHASE_STATE_STYLE[phase.state]}`}
          data-testid="phase-state"
        >
          {PHASE_STATE_LABEL[phase.state]}
        </span>
      </header>
      {phase.closedAt && (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Closed <time dateTime={phase.closedAt}>{formatWhen(phase.closedAt)}</time>
          {phase.overrideReason ? (
            <>
              {" "}
              by override:{" "}
              <span className="font-medium text-amber-800 dark:text-amber-300">{phase.overrideReason}</span>
            </>
          ) : (
            " with its gate passed"
          )}
          . The checklist shows the results it closed with.
        </p>
      )}
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
        Validation gate
      </h3>
      <ul
        aria-label={`Phase ${phase.number} gate checklist`}
        className="divide-y divide-slate-200 dark:divide-slate-800"
      >
        {phase.items.map((item) => (
          <GateItemRow key={item.key} item={item} phase={phase.number} runId={props.runId} />
        ))}
      </ul>
      {phase.trackItems && phase.trackItems.length > 0 && <TrackGateTable items={phase.trackItems} />}
      {props.extra && <div className="mt-3">{props.extra}</div>}
      <details className="mt-3 text-sm text-slate-600 dark:text-slate-400">
        <summary className="cursor-pointer select-none">Outputs of this phase</summary>
        <ul className="mt-1 list-disc pl-5">
          {phase.outputs.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </details>
      {isCurrent && !props.complete && <AdvanceControls phase={phase} runId={props.runId} />}
    </section>
  );
}
