// The pre-flight checks (Phase 2's pre-activation checks) before a run starts: programs on PATH, workdirs,
// required environment, local models, memory for the critical tracks, git. A failed check blocks the start unless
// the lead overrides it with a reason; either way the outcome is an event (a blocked start has no run yet).
import {
  formatPreflightSummary,
  type PreflightResult,
  type PreflightSummary,
  summarisePreflight,
} from "../../domain/plan/preflight";
import type { MemorySample, Plan } from "../../domain/types";
import { formatBytes } from "../../domain/units";
import { InvalidInputError, PreflightFailedError } from "../errors";
import type { ActiveRun } from "../track-runtime";
import type { PreflightMemory, RunContext } from "./context";

/** The checks' results, as the API and the start panel show them. */
export type PreflightReport = { ok: boolean; summary: PreflightSummary; results: PreflightResult[] };

/** What a start carries on to record once its run exists. */
export type PreflightPass = PreflightReport & { override: string | null };

export class PreflightGate {
  constructor(private readonly ctx: RunContext) {}

  /** The checks of `plan` now; null when this engine has none (tests with fake agents). */
  async check(plan: Plan, budgetBytes: number | null): Promise<PreflightReport | null> {
    const { ctx } = this;
    if (!ctx.preflight) return null;
    const results = await ctx.preflight(plan, memoryFor(ctx.monitor.latest(), budgetBytes));
    const summary = summarisePreflight(results);
    return { ok: summary.ok, summary, results };
  }

  /** Before a start: throws when a check failed and no reason overrides it (recorded as an event). */
  async admit(
    plan: Plan,
    budgetBytes: number | null,
    override: string | null | undefined,
  ): Promise<PreflightPass | null> {
    const reason = override?.trim() ?? "";
    if (override !== undefined && override !== null && reason === "")
      throw new InvalidInputError("an override needs a reason", { override });
    const report = await this.check(plan, budgetBytes);
    if (report === null) return null;
    if (!report.ok && reason === "") {
      await this.ctx.events.record(
        "preflight:checked",
        { ok: false, failures: failuresOf(report.results), override: null },
        {
          severity: "high",
          message: `Run "${plan.name}" not started: pre-flight ${formatPreflightSummary(report.summary)}`,
          actor: "lead",
          runId: null,
          trackKey: null,
        },
      );
      throw new PreflightFailedError(report.results, report.summary);
    }
    return { ...report, override: report.ok ? null : reason };
  }

  /** Records the checks of a run that started (and who overrode what, with the reason). */
  async recordForRun(run: ActiveRun, pass: PreflightPass | null): Promise<void> {
    if (pass === null) return;
    const summary = formatPreflightSummary(pass.summary);
    await this.ctx.record(
      run,
      "preflight:checked",
      { ok: pass.ok, failures: failuresOf(pass.results), override: pass.override },
      {
        severity: pass.ok ? (pass.summary.warnings > 0 ? "low" : "info") : "high",
        message: pass.ok
          ? `Pre-flight checks of "${run.name}": ${summary}`
          : `Pre-flight checks of "${run.name}" overridden by the lead (${summary}): ${pass.override}`,
        actor: pass.ok ? "system" : "lead",
      },
    );
  }
}

function failuresOf(results: readonly PreflightResult[]) {
  return results
    .filter((result) => !result.ok)
    .map((result) => ({
      check: result.check,
      track: result.track,
      severity: result.severity,
      message: result.message,
    }));
}

/** Memory the tracks may use now: what the machine has available, or the budget when that is less. */
export function memoryFor(sample: MemorySample | null, budgetBytes: number | null): PreflightMemory | null {
  if (sample === null) return null;
  const machineFree = Math.max(0, sample.machine.capacityBytes - sample.machine.usedBytes);
  const available = Math.min(sample.system.availableBytes, machineFree);
  if (budgetBytes !== null && budgetBytes < available)
    return { availableBytes: budgetBytes, source: `the RAM budget ${formatBytes(budgetBytes)}` };
  return {
    availableBytes: available,
    source: sample.machine.capacitySource === "cgroup" ? "the cgroup's headroom" : "MemAvailable",
  };
}
