// POST /api/runs/:id/phases/:phase/ticks { itemKey, note?, checked, by? }: the lead ticks (or unticks) a manual item.
import { tickGateItem } from "@/lib/contracts/insights";
import type { PhaseNumber } from "@/lib/domain/phases/phases";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const POST = handle(tickGateItem, ({ engine, params, body }) =>
  engine.phases.tick(params.id, params.phase as PhaseNumber, body),
);
