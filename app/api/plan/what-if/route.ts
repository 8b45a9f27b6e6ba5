// The what-if planner. GET ?from=current|demo|seed: a plan to start from (default: the current run's, else the demo).
// POST { plan: yaml }: the plan validated, then scheduled for the 16 / 32 / 64 GB tiers and this machine.
import path from "node:path";
import { z } from "zod";
import { validatePlan } from "@/lib/domain/plan-validate";
import {
  currentMachine,
  planWhatIf,
  summarisePlanTracks,
  tierMachine,
  WHAT_IF_TIER_SIZES_GIB,
  type WhatIfMachine,
  type WhatIfSource,
  type WhatIfView,
} from "@/lib/domain/what-if";
import { createGanttQuery } from "@/lib/engine/gantt-query";
import { readPlanFile } from "@/lib/engine/plan-files";
import { toErrorResponse } from "@/lib/http/errors";
import { jsonError, readBody, requireEngine } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Plans are a few kB; this keeps a pasted mistake from costing the server seconds. */
const MAX_PLAN_CHARS = 200_000;

const whatIfBody = z.object({ plan: z.string().min(1, "the plan is empty").max(MAX_PLAN_CHARS) }).strict();
const FILES = {
  demo: { label: "Demo plan", fileName: "demo/demo-plan.yaml" },
  seed: { label: "Seed example (64 GB workstation)", fileName: "examples/seed-plan.yaml" },
} as const;

export async function GET(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const from = new URL(request.url).searchParams.get("from") ?? "default";
  try {
    if (from === "current" || from === "default") {
      const run = await createGanttQuery(engine).planSource();
      if (run) {
        const body: WhatIfSource = {
          from: "current",
          label: `Plan of run "${run.name}"`,
          fileName: "plan.yaml",
          source: run.source,
        };
        return Response.json(body);
      }
      if (from === "current") return jsonError(404, "no run has started yet");
    }
    const key = from === "seed" ? "seed" : from === "demo" || from === "default" ? "demo" : null;
    if (!key) return jsonError(400, `from must be current, demo or seed, got "${from}"`);
    const file = readPlanFile(path.resolve(/*turbopackIgnore: true*/ process.cwd(), FILES[key].fileName));
    const body: WhatIfSource = { from: key, ...FILES[key], source: file.source };
    return Response.json(body);
  } catch (error) {
    return toErrorResponse(error);
  }
}

export async function POST(request: Request) {
  const engine = requireEngine();
  if (engine instanceof Response) return engine;
  const parsed = await readBody(request, whatIfBody);
  if (!parsed.ok) return parsed.response;
  try {
    // No machine limit here: each tier reports the tracks that do not fit it.
    const validation = validatePlan(parsed.data.plan, {
      fileName: "plan.yaml",
      baseDir: process.cwd(),
      effectiveTotalBytes: null,
    });
    if (!validation.ok) {
      const n = validation.errors.length;
      return jsonError(400, `the plan has ${n} error${n === 1 ? "" : "s"}`, {
        errors: validation.errors,
        warnings: validation.warnings,
      });
    }
    const plan = validation.plan;
    const machines: WhatIfMachine[] = WHAT_IF_TIER_SIZES_GIB.map((gib) => tierMachine(gib, plan));
    const sample = await engine.latestSample();
    if (sample) machines.push(currentMachine(plan, sample, engine.config.ramBudgetBytes));
    const view: WhatIfView = {
      name: plan.name,
      tracks: summarisePlanTracks(plan),
      warnings: validation.warnings,
      columns: planWhatIf(plan, machines),
      currentMissing: sample ? null : "this machine has not been sampled yet",
    };
    return Response.json(view);
  } catch (error) {
    return toErrorResponse(error);
  }
}
