// The what-if planner. GET ?from=current|demo|seed: a plan to start from (default: the current run's, else the demo).
// POST { plan: yaml }: the plan validated, then scheduled for the 16 / 32 / 64 GB tiers and this machine.
import path from "node:path";
import { whatIf, whatIfSource } from "@/lib/contracts/plan";
import { maskPlanEnv } from "@/lib/domain/plan/plan-redact";
import type { WhatIfSource } from "@/lib/domain/planner/what-if";
import { readDemoPlan, readPlanForEditor, SEED_PLAN } from "@/lib/engine/plan-files";
import { handle } from "@/lib/http/handle";
import { jsonError } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const FILES = {
  demo: { label: "Demo plan", fileName: "demo/demo-plan.yaml" },
  seed: { label: "Workflow example (64 GB workstation)", fileName: "examples/seed-plan.yaml" },
} as const;

/**
 * The editor's text is started and checked without its file, so its paths are absolute: the demo as `--demo`
 * starts it (its workspace in the data directory, its agent script by path), the seed's workdir its checkout.
 */
function editorSource(key: keyof typeof FILES, dataDir: string): string {
  // The server runs from its checkout (a route bundle's own folder is not one).
  const checkout = path.resolve(/*turbopackIgnore: true*/ process.cwd());
  return key === "demo"
    ? readDemoPlan(dataDir, checkout).source
    : readPlanForEditor(path.join(checkout, SEED_PLAN)).source;
}

export const GET = handle(whatIfSource, async ({ engine, query }) => {
  if (query.from === "current" || query.from === "default") {
    const run = await engine.gantt.planSource();
    if (run) {
      // Environment values (API keys) never leave the server.
      const body: WhatIfSource = {
        from: "current",
        label: `Plan of run "${run.name}"`,
        fileName: "plan.yaml",
        source: maskPlanEnv(run.source),
      };
      return body;
    }
    if (query.from === "current") return jsonError(404, "no run has started yet");
  }
  const key = query.from === "seed" ? "seed" : "demo";
  const body: WhatIfSource = { from: key, ...FILES[key], source: editorSource(key, engine.config.dataDir) };
  return body;
});

export const POST = handle(whatIf, async ({ engine, body }) => {
  const result = await engine.plans.whatIf({
    source: body.plan,
    baseDir: process.cwd(),
    sample: await engine.latestSample(),
    configBudgetBytes: engine.config.ramBudgetBytes,
  });
  if (!result.ok) {
    const n = result.validation.errors.length;
    return jsonError(400, `the plan has ${n} error${n === 1 ? "" : "s"}`, {
      errors: result.validation.errors,
      warnings: result.validation.warnings,
    });
  }
  return result.view;
});
