// A gate item's status as a pill with a glyph.
import type { GateItemStatus } from "@/lib/domain/phases/gates";
import { GATE_STATUS_ICON, GATE_STATUS_LABEL, GATE_STATUS_STYLE } from "./gate-style";

export function GateStatusBadge({ status }: { status: GateItemStatus }) {
  return (
    <span
      className={`inline-flex shrink-0 items-center gap-1 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-semibold ring-1 ring-inset ${GATE_STATUS_STYLE[status]}`}
      data-testid="gate-status"
    >
      <span aria-hidden="true">{GATE_STATUS_ICON[status]}</span>
      {GATE_STATUS_LABEL[status]}
    </span>
  );
}
