"use client";
// Pause / Resume / Stop / Restart for one track, on the overview card and the track page. What destroys work
// asks first. Buttons that may not be used now stay focusable (aria-disabled, with the reason as their title),
// so focus never falls off the page when one disables itself; after Pause, focus moves on to Resume and back.
import { useEffect, useRef, useState } from "react";
import { LEAD_ACTIONS, type LeadAction } from "@/lib/domain/phases/track-lifecycle";
import type { TrackView } from "@/lib/domain/views";
import { ConfirmDialog } from "../common/confirm-dialog";
import { useGovernorQuery } from "../data/use-governor-query";
import { useRunsQuery } from "../data/use-runs-query";
import { ACTION_LABELS, describeConfirmation, refusedActions } from "./track-actions";

/** Where focus goes once an action has changed the track: the button that undoes it. */
const NEXT_FOCUS: Partial<Record<LeadAction, LeadAction>> = { pause: "resume", resume: "pause" };

export function TrackActionButtons(props: {
  track: TrackView;
  tracks: readonly TrackView[];
  isPending: boolean;
  onAction: (action: LeadAction) => void;
  buttonStyle: Record<LeadAction, string>;
  describedBy?: string;
}) {
  const { track } = props;
  // The run's own status: it ends with tracks still pending when a dependency failed, and the server then refuses all.
  const runStatus = useRunsQuery().data?.find((r) => r.id === track.runId)?.status;
  // The limit in force: a resume past it is refused by the server, so the button says so first.
  const concurrency = useGovernorQuery().data?.concurrency;
  const refused = refusedActions(track, props.tracks, runStatus, concurrency);
  const [confirming, setConfirming] = useState<LeadAction | null>(null);
  const [focusNext, setFocusNext] = useState<LeadAction | null>(null);
  const buttons = useRef(new Map<LeadAction, HTMLButtonElement>());
  const confirmation = confirming ? describeConfirmation(track, confirming) : null;

  useEffect(() => {
    if (!focusNext || refused[focusNext] !== null) return;
    const target = buttons.current.get(focusNext);
    // Only while focus is still on this track's buttons: never steal it from where the lead went since.
    if (target && [...buttons.current.values()].includes(document.activeElement as HTMLButtonElement))
      target.focus();
    setFocusNext(null);
  }, [focusNext, refused]);

  const act = (action: LeadAction) => {
    setFocusNext(NEXT_FOCUS[action] ?? null);
    props.onAction(action);
  };

  return (
    <>
      {LEAD_ACTIONS.map((action) => {
        const reason = refused[action];
        const isUnavailable = reason !== null || props.isPending;
        return (
          <button
            key={action}
            ref={(element) => {
              if (element) buttons.current.set(action, element);
              else buttons.current.delete(action);
            }}
            type="button"
            aria-label={`${ACTION_LABELS[action]} track ${track.key}`}
            aria-describedby={props.describedBy}
            aria-disabled={isUnavailable || undefined}
            title={reason ?? `${ACTION_LABELS[action]} track ${track.key}`}
            onClick={() => {
              if (isUnavailable) return;
              if (describeConfirmation(track, action)) setConfirming(action);
              else act(action);
            }}
            className={`tap rounded-md border px-3 text-sm font-medium aria-disabled:cursor-not-allowed aria-disabled:opacity-40 ${props.buttonStyle[action]}`}
          >
            {ACTION_LABELS[action]}
          </button>
        );
      })}
      <ConfirmDialog
        open={confirmation !== null}
        title={confirmation?.title ?? ""}
        confirmLabel={confirmation?.confirmLabel ?? ""}
        tone="danger"
        testId="track-action-confirm"
        onCancel={() => setConfirming(null)}
        onConfirm={() => {
          const action = confirming;
          setConfirming(null);
          if (action) act(action);
        }}
      >
        {confirmation?.body.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </ConfirmDialog>
    </>
  );
}
