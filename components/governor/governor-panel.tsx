"use client";
// What the governor is doing: on or manual, the zone and sample rate, the admission queue, who paused what.
import { useState } from "react";
import { describeWaitKind } from "@/lib/domain/governor/wait-kinds";
import type { GovernorView, TrackView } from "@/lib/domain/views";
import { Card } from "../common/card";
import { ConfirmDialog } from "../common/confirm-dialog";
import { ZONE_BADGE, ZONE_LABELS } from "../common/zone-style";
import { useGovernorMutation } from "../data/use-governor-mutation";
import { pausedByWords } from "../tracks/agent-facts-text";
import { describeConcurrency } from "./concurrency-text";
import { describeManualMode } from "./manual-mode";
import { ZoneAlerts } from "./zone-alerts";

function intervalText(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s` : `${ms} ms`;
}

/** On → manual asks first (it changes what runs now); manual → on needs no question. */
function GovernorSwitch(props: { governor: GovernorView; tracks: readonly TrackView[] }) {
  const { governor } = props;
  const mutation = useGovernorMutation();
  const [isAsking, setAsking] = useState(false);
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={governor.enabled}
        aria-label="Governor"
        aria-disabled={mutation.isPending || undefined}
        onClick={() => {
          if (mutation.isPending) return;
          if (governor.enabled) setAsking(true);
          else mutation.mutate(true);
        }}
        className="tap group inline-flex items-center gap-2 rounded-full px-1 text-sm font-medium aria-disabled:opacity-60"
      >
        <span
          className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors ${governor.enabled ? "bg-green-600" : "bg-slate-400 dark:bg-slate-600"}`}
        >
          <span
            className={`inline-block h-5 w-5 rounded-full bg-white shadow transition-transform ${governor.enabled ? "translate-x-5" : "translate-x-0.5"}`}
          />
        </span>
      </button>
      {mutation.isError && (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          Could not switch the governor: {mutation.error.message}
        </p>
      )}
      <ConfirmDialog
        open={isAsking}
        title="Switch the governor to manual mode?"
        confirmLabel="Switch to manual mode"
        testId="manual-mode-confirm"
        onCancel={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          mutation.mutate(false);
        }}
      >
        {describeManualMode(props.tracks, governor.maxConcurrent ?? null).map((line) => (
          <p key={line}>{line}</p>
        ))}
      </ConfirmDialog>
    </div>
  );
}

export function GovernorPanel(props: {
  governor: GovernorView | undefined;
  tracks: TrackView[] | undefined;
}) {
  const { governor } = props;
  const tracks = props.tracks ?? [];
  const names = new Map(tracks.map((t) => [t.key, t.name]));
  const paused = tracks.filter((t) => t.status === "paused");
  return (
    <Card
      title="Governor"
      labelledBy="governor-heading"
      actions={governor && <GovernorSwitch governor={governor} tracks={tracks} />}
      className="flex flex-col"
    >
      {!governor ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">Waiting for the governor…</p>
      ) : (
        <div className="space-y-4 text-sm">
          <div>
            <p className="flex flex-wrap items-center gap-2">
              <span
                className={`font-semibold ${governor.enabled ? "text-green-700 dark:text-green-400" : "text-slate-700 dark:text-slate-200"}`}
                data-testid="governor-state"
              >
                {governor.enabled ? "Governor on" : "Manual mode"}
              </span>
              <span
                className={`rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${ZONE_BADGE[governor.zone]}`}
                data-testid="governor-zone"
              >
                {ZONE_LABELS[governor.zone]}
              </span>
              <span className="text-xs text-slate-600 dark:text-slate-300" data-testid="governor-interval">
                sampling every {intervalText(governor.sampleIntervalMs)}
              </span>
            </p>
            <p className="mt-1 text-xs text-slate-600 dark:text-slate-300">
              {governor.enabled
                ? "RAM zones decide which tracks start, pause, resume or get requeued."
                : `Ready tracks start in plan order within the concurrency limit${governor.maxConcurrent ? ` of ${governor.maxConcurrent}` : ""}; memory never pauses, resumes or requeues a track. Alerts still fire.`}
            </p>
            {governor.concurrency && (
              <p
                className="mt-1 text-xs text-slate-600 dark:text-slate-300"
                data-testid="governor-concurrency"
              >
                {describeConcurrency(governor.concurrency, governor.enabled)}
              </p>
            )}
          </div>

          <section aria-labelledby="admission-queue-heading">
            <h3
              id="admission-queue-heading"
              className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
            >
              Admission queue
            </h3>
            {governor.queue.length === 0 ? (
              <p className="mt-1 text-slate-600 dark:text-slate-300">No ready track is waiting.</p>
            ) : (
              <ol className="mt-1 space-y-1.5" data-testid="admission-queue">
                {governor.queue.map((q) => (
                  <li key={q.trackKey} data-track-key={q.trackKey}>
                    <span className="font-semibold">{q.trackKey}</span>
                    {names.get(q.trackKey) && (
                      <span className="text-slate-600 dark:text-slate-300"> {names.get(q.trackKey)}</span>
                    )}
                    <span
                      className="block text-xs text-slate-600 dark:text-slate-300"
                      data-wait-kind={q.waitsFor}
                    >
                      Waiting {describeWaitKind(q.waitsFor)}: {q.reason}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section aria-labelledby="paused-tracks-heading">
            <h3
              id="paused-tracks-heading"
              className="text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-300"
            >
              Paused tracks
            </h3>
            {paused.length === 0 ? (
              <p className="mt-1 text-slate-600 dark:text-slate-300">None.</p>
            ) : (
              <ul className="mt-1 space-y-1.5" data-testid="paused-tracks">
                {paused.map((t) => (
                  <li key={t.key} data-track-key={t.key} data-paused-by={t.pausedBy ?? "lead"}>
                    <span className="font-semibold">{t.key}</span> paused by{" "}
                    <span className="font-medium">{pausedByWords(t.pausedBy)}</span>
                    {t.pauseReason && t.pauseReason !== "paused by the lead" && (
                      <span className="block text-xs text-slate-600 dark:text-slate-300">
                        {t.pauseReason}
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <ZoneAlerts />
        </div>
      )}
    </Card>
  );
}
