"use client";
// One checklist line: status, label, evidence; manual items get a checkbox (named by the label) and a note.
import { useId, useState } from "react";
import type { GateItemView } from "@/lib/engine/phase-views";
import { useTickMutation } from "../data/use-tick-mutation";
import { GateStatusBadge } from "./gate-status-badge";
import { formatWhen } from "./gate-style";

export function GateItemRow(props: { item: GateItemView; phase: number; runId: string }) {
  const { item } = props;
  const tick = useTickMutation(props.runId);
  const [note, setNote] = useState("");
  const noteId = useId();
  const evidenceId = useId();
  // While the tick is on its way the box shows what the lead clicked.
  const ticked = tick.isPending ? tick.variables.checked : item.tick !== null;
  return (
    <li
      className="flex flex-col gap-2 py-3 sm:flex-row sm:items-start sm:gap-3"
      data-testid={`gate-item-${item.key}`}
      data-status={item.status}
    >
      <div className="sm:w-28 sm:shrink-0">
        <GateStatusBadge status={item.status} />
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        {item.tickable ? (
          <label className="flex cursor-pointer items-start gap-2 font-medium">
            <input
              type="checkbox"
              className="mt-0.5 h-4 w-4 shrink-0 accent-blue-600 aria-disabled:cursor-wait aria-disabled:opacity-60"
              checked={ticked}
              // Not `disabled` while the tick is on its way: a disabled box drops keyboard focus to the page. It
              // stays focusable and says it waits; a press meanwhile changes nothing (the box is controlled).
              aria-disabled={tick.isPending || undefined}
              aria-describedby={evidenceId}
              onChange={(e) => {
                if (tick.isPending) return;
                tick.mutate({
                  phase: props.phase,
                  itemKey: item.key,
                  checked: e.target.checked,
                  note: note.trim() || null,
                });
              }}
            />
            <span>{item.label}</span>
          </label>
        ) : (
          <p className="font-medium">{item.label}</p>
        )}
        <p
          id={evidenceId}
          className="break-words text-sm text-slate-600 dark:text-slate-400"
          data-testid="gate-evidence"
        >
          {item.evidence}
        </p>
        {item.tick && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Ticked by {item.tick.by}, <time dateTime={item.tick.at}>{formatWhen(item.tick.at)}</time>
          </p>
        )}
        {tick.isError && (
          <p role="alert" className="text-sm text-red-700 dark:text-red-400">
            {tick.error.message}
          </p>
        )}
        {item.tickable && !ticked && (
          <div className="pt-1">
            <label htmlFor={noteId} className="sr-only">
              Note for {item.label}
            </label>
            <input
              id={noteId}
              type="text"
              value={note}
              maxLength={2000}
              onChange={(e) => setNote(e.target.value)}
              placeholder="Note (optional): where it is documented, who agreed…"
              className="w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm placeholder:text-slate-400 focus:border-blue-500 focus:outline-none focus:ring-2 focus:ring-blue-500/30 dark:border-slate-700 dark:bg-slate-950"
            />
          </div>
        )}
      </div>
      <span className="sr-only">
        {item.mode === "manual" ? "Ticked by the lead" : "Checked automatically"}
      </span>
    </li>
  );
}
