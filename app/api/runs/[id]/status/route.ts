// GET /api/runs/:id/status: stored daily statuses by day; POST: write the live run's documents now.

import { runSelector } from "@/lib/contracts/common";
import { generateStatus, listStatusDays } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";
import { liveRunNamed } from "@/lib/http/named-run";

export const dynamic = "force-dynamic";

export const GET = handle(listStatusDays, ({ engine, params }) =>
  engine.coordination.statusDays(runSelector(params.id)),
);

export const POST = handle(generateStatus, ({ engine, params, body }) => {
  liveRunNamed(engine, params.id);
  return engine.runs.coordination.generateStatus(body.date);
});
