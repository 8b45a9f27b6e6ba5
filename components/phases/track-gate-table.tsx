// Phase 4's gate per track (the seed's "Validation Gate (Per Track)"), one row per track.
import type { GateItemView } from "@/lib/engine/phase-views";
import { ScrollBox } from "../common/scroll-box";
import { GATE_STATUS_ICON, GATE_STATUS_LABEL } from "./gate-style";

const STATUS_TEXT = {
  pass: "text-green-700 dark:text-green-400",
  fail: "text-red-700 dark:text-red-400",
  pending: "text-slate-500 dark:text-slate-400",
  manual: "text-amber-700 dark:text-amber-400",
} as const;

export function TrackGateTable({ items }: { items: GateItemView[] }) {
  const tracks = [...new Set(items.map((i) => i.trackKey ?? ""))];
  const columns = [...new Map(items.map((i) => [i.key, i.label])).entries()];
  return (
    <ScrollBox label="Gate items per track" className="mt-3">
      <table className="w-full min-w-[560px] text-left text-sm" data-testid="track-gate-table">
        <caption className="mb-1 text-left text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
          Per track
        </caption>
        <thead>
          <tr className="border-b border-slate-200 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400">
            <th scope="col" className="py-1 pr-3 font-medium">
              Track
            </th>
            {columns.map(([key, label]) => (
              <th key={key} scope="col" className="py-1 pr-3 font-medium">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tracks.map((track) => (
            <tr key={track} className="border-b border-slate-100 last:border-0 dark:border-slate-800/60">
              <th scope="row" className="py-1.5 pr-3 font-semibold">
                {track}
              </th>
              {columns.map(([key]) => {
                const cell = items.find((i) => i.trackKey === track && i.key === key);
                if (!cell) return <td key={key} />;
                return (
                  <td key={key} className={`py-1.5 pr-3 ${STATUS_TEXT[cell.status]}`} title={cell.evidence}>
                    <span aria-hidden="true">{GATE_STATUS_ICON[cell.status]} </span>
                    {cell.status === "pass" || cell.status === "manual"
                      ? GATE_STATUS_LABEL[cell.status]
                      : cell.evidence}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollBox>
  );
}
