// GET /api/runs/:id/status: stored daily statuses by day; POST: write the live run's documents now.

import { runSelector } from "@/lib/contracts/common";
import { generateStatus, listStatusDays } from "@/lib/contracts/coordination";
import { handle } from "@/lib/http/handle";

export const dynamic = "force-dynamic";

export const GET = handle(listStatusDays, ({ engine, params }) =>
  engine.coordination.statusDays(runSelector(params.id)),
);

export const POST = handle(generateStatus, ({ engine, body }) =>
  engine.runs.coordination.generateStatus(body.date),
);
