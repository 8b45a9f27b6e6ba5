// The pure modules' inputs from a run's facts: the gates' evidence (GateEvidence) and the metrics' input
// (MetricsInput). No I/O but the liveness check the caller passes in.

import { countOpenForGate } from "../domain/coordination/blockers";
import { findScopeOverlaps } from "../domain/coordination/scope-overlaps";
import type {
  ActivationEvidence,
  GateEvidence,
  ScheduleEvidence,
  TrackCompletionEvidence,
  TrackMemoryEvidence,
} from "../domain/phases/gate-evidence";
import type { MetricsInput } from "../domain/reporting/metrics";
import type { Plan } from "../domain/types";
import { isInterrupted } from "./coordination/coordination-resume";
import {
  ACTIVATION_WINDOW_MS,
  activeMsOf,
  type FactTrack,
  integrationTracks,
  latestRunningMsOf,
  type RunFacts,
  STABILITY_WINDOW_MS,
} from "./run-facts";

function isAlive(pid: number | null, isPidAlive: (pid: number) => boolean): boolean {
  return pid !== null && isPidAlive(pid);
}

/** The facts as the gates read them; `metrics` is passed in so it is computed once per request. */
export function buildGateEvidence(
  f: RunFacts,
  extra: Pick<GateEvidence, "manualTicks" | "metrics">,
  opts: { sampleIntervalMs: number; isPidAlive: (pid: number) => boolean },
): GateEvidence {
  const tracks = f.plan.tracks ?? [];
  return {
    ...extra,
    // The run controller refuses a plan with errors, so a stored plan was valid when the run started.
    plan: {
      valid: true,
      errorCount: 0,
      trackCount: tracks.length,
      tracksWithoutScope: tracks.filter((t) => t.scope.length === 0).map((t) => t.key),
      scopeOverlaps: findScopeOverlaps(tracks),
    },
    resourcePlan: f.schedule
      ? {
          peakPlannedBytes: f.schedule.peakPlannedBytes,
          capacityBytes: f.schedule.capacityBytes,
          budgetBytes: f.run.budgetBytes,
          unestimatedTracks: tracks.filter((t) => t.ramBytes === null).map((t) => t.key),
        }
      : undefined,
    activation: activationEvidence(f, opts.isPidAlive),
    trackMemory: trackMemoryEvidence(f),
    monitoring: {
      active: f.latestSampleAt !== null,
      lastSampleAgeMs: f.latestSampleAt ? Math.max(0, f.nowMs - f.latestSampleAt.getTime()) : null,
      intervalMs: opts.sampleIntervalMs,
      alertsConfigured: zonesConfigured(f.plan),
    },
    // Detected is detected: a conflict resolved on the spot still happened, and the lead may override.
    conflicts: {
      total: f.conflicts.length,
      critical: f.conflicts.filter((c) => c.severity === "critical").length,
    },
    schedule: f.tracks.map((t) => scheduleEvidence(t, f.endMs)),
    stability: stabilityEvidence(f),
    // The board, as the overview and the blockers page count it; a ::blocker line is there before any report.
    blockers:
      f.hasReports || f.blockerBoard.length > 0
        ? countOpenForGate(
            f.blockerBoard,
            new Set(f.tracks.filter((t) => t.status === "completed").map((t) => t.key)),
          )
        : undefined,
    qualityGates: qualityGatesOf(f.tracks),
    completion: f.tracks.map((t) => completionEvidence(t, f.isLive, opts.isPidAlive)),
    integration: f.integration
      ? mergedIntegrationEvidence(f)
      : integrationEvidence(f.tracks, f.plan, f.isLive),
  };
}

function zonesConfigured(plan: Plan): boolean {
  const z = plan.ram?.zones;
  return !!z && z.yellow > 0 && z.yellow < z.orange && z.orange < z.red && z.red < 100;
}

/**
 * The first attempt's agents of every track that has started. An agent passes when it was alive
 * ACTIVATION_WINDOW_MS after launch (still running, ran that long, or finished cleanly); agents younger
 * than the window are not judged yet.
 */
function activationEvidence(
  f: RunFacts,
  isPidAlive: (pid: number) => boolean,
): ActivationEvidence | undefined {
  let expected = 0;
  let alive = 0;
  const failed = new Set<string>();
  for (const t of f.tracks) {
    for (const a of t.agents.filter((x) => x.attempt === 1)) {
      const started = a.startedAt.getTime();
      let ok: boolean;
      if (a.endedAt !== null) {
        ok = a.exitCode === 0 || a.endedAt.getTime() - started >= ACTIVATION_WINDOW_MS;
      } else {
        if (f.endMs - started < ACTIVATION_WINDOW_MS) continue;
        const slot = t.liveSlots?.find((s) => s.id === a.id);
        ok = f.isLive
          ? slot
            ? slot.exit === null && isAlive(slot.handle?.pid ?? null, isPidAlive)
            : a.pid !== null && isPidAlive(a.pid)
          : true; // a past run's open agent row lived until the run ended (or the server stopped)
      }
      expected++;
      if (ok) alive++;
      else failed.add(t.key);
    }
  }
  if (expected === 0) return undefined;
  return { expected, alive, afterMs: ACTIVATION_WINDOW_MS, failedTracks: [...failed] };
}

function trackMemoryEvidence(f: RunFacts): TrackMemoryEvidence[] | undefined {
  const measured = f.tracks.filter((t) => t.peakBytes > 0);
  if (measured.length === 0) return undefined;
  return measured.map((t) => ({
    key: t.key,
    peakBytes: t.peakBytes,
    estimateBytes: t.plan?.ramBytes ?? null,
  }));
}

/** Progress resets with each attempt, so only the latest attempt's running time and reports count. */
function scheduleEvidence(t: FactTrack, endMs: number): ScheduleEvidence {
  const attemptSpans = t.spans.filter((s) => s.kind === "running" && s.attempt === t.attempts);
  const elapsedMs = attemptSpans.reduce(
    (sum, s) => sum + Math.max(0, (s.endedAt?.getTime() ?? endMs) - s.startedAt.getTime()),
    0,
  );
  const reported =
    t.lastReportAt !== null && (t.startedAt === null || t.lastReportAt.getTime() >= t.startedAt.getTime());
  return {
    key: t.key,
    status: t.status,
    elapsedMs,
    planned: t.plan?.duration ?? null,
    progressPercent: reported ? t.progress : null,
  };
}

function stabilityEvidence(f: RunFacts): GateEvidence["stability"] {
  const from = Math.max(f.run.startedAt.getTime(), f.endMs - STABILITY_WINDOW_MS);
  const inWindow = f.samples.filter((s) => s.at.getTime() >= from);
  if (inWindow.length === 0) return undefined;
  const governorPauses = f.events.filter(
    (e) => (e.kind === "governor:pause" || e.kind === "governor:stop-requeue") && Date.parse(e.at) >= from,
  ).length;
  return {
    windowMs: f.endMs - from,
    peakUsedPercent: Math.max(...inWindow.map((s) => s.usedPercent)),
    redLine: f.plan.ram?.zones.red ?? 85,
    governorPauses,
  };
}

/** Each track's latest test verdict: the gates ask whether the tests pass now. */
export function qualityGatesOf(tracks: readonly FactTrack[]): { trackKey: string; passed: boolean }[] {
  return tracks
    .filter((t) => t.testStatus === "passed" || t.testStatus === "failed")
    .map((t) => ({ trackKey: t.key, passed: t.testStatus === "passed" }));
}

/**
 * Every test run that gave a verdict (cancelled ones did not), re-runs included: the pass-rate metric counts a test
 * that failed before it passed. A track whose runs left no event (older runs) counts its latest verdict.
 */
function qualityGateRunsOf(f: RunFacts): { trackKey: string; passed: boolean }[] {
  const runs = f.events.flatMap((e) =>
    e.kind === "track:test" && !e.details.cancelled && e.trackKey !== null
      ? [{ trackKey: e.trackKey, passed: e.details.exitCode === 0 }]
      : [],
  );
  const withRuns = new Set(runs.map((r) => r.trackKey));
  return [...runs, ...qualityGatesOf(f.tracks.filter((t) => !withRuns.has(t.key)))];
}

function completionEvidence(
  t: FactTrack,
  isLive: boolean,
  isPidAlive: (pid: number) => boolean,
): TrackCompletionEvidence {
  let liveProcesses = 0;
  let liveBytes = 0;
  if (isLive && t.liveSlots) {
    for (const slot of t.liveSlots) {
      if (slot.exit !== null) continue;
      const pids = slot.pids.length > 0 ? slot.pids : [slot.handle?.pid ?? null];
      const alive = pids.filter((pid) => isAlive(pid, isPidAlive)).length;
      liveProcesses += alive;
      if (alive > 0) liveBytes += slot.currentBytes;
    }
  } else {
    liveProcesses = t.agents.filter((a) => a.endedAt === null && a.pid !== null && isPidAlive(a.pid)).length;
  }
  return {
    key: t.key,
    status: t.status,
    testConfigured: !!t.plan?.test,
    testPassed: t.testStatus === "passed" ? true : t.testStatus === "failed" ? false : null,
    liveProcesses,
    liveBytes,
  };
}

/**
 * Plans have no integration-test field: a track whose key or name says "integration" and has a test
 * command stands for them. Without one the item falls back to the lead's tick.
 */
/** Phase 5's integration of the track branches (issue 13): its merges and its test decide. */
function mergedIntegrationEvidence(f: RunFacts): GateEvidence["integration"] {
  const i = f.integration!;
  const steps = i.result?.steps ?? [];
  const merged = steps.filter((s) => s.state === "merged" || s.state === "up-to-date").length;
  const stop = steps.find((s) => s.key === i.result?.stoppedAt);
  // Only completed tracks are merged: one with a branch that failed, was stopped or never ran is not integrated.
  const inMerge = new Set(steps.map((s) => s.key));
  const leftOut = f.tracks.filter((t) => t.plan !== null && t.plan.worktree !== false && !inMerge.has(t.key));
  const leftOutText =
    leftOut.length === 0
      ? ""
      : `; not integrated: ${leftOut.map((t) => `${t.key} (${t.status})`).join(", ")}`;
  // Cut off by a stop or crash: what ran is no verdict (a cancelled test did not fail; merges never run say nothing).
  const interrupted = i.state === "error" && isInterrupted(i.error) ? i.error : null;
  const merges =
    i.state === "running" || (interrupted !== null && i.result === null)
      ? null
      : {
          allMerged: i.result !== null && i.result.stoppedAt === null && leftOut.length === 0,
          summary:
            (stop?.state === "conflict"
              ? `integration stopped at ${stop.key}: conflicts in ${stop.files.join(", ")} (${merged} of ${steps.length} merged into ${i.branch})`
              : i.result
                ? `${merged} of ${steps.length} track branches merged into ${i.branch}${stop ? `; stopped at ${stop.key}` : ""}`
                : `integration failed: ${i.error ?? "unknown error"}`) + leftOutText,
        };
  const test = i.result?.test ?? null;
  const configured = !!f.plan.integration?.test;
  const passed =
    test === null || test.state === "not-run"
      ? i.state === "running"
        ? null
        : configured
          ? false
          : null
      : test.state === "passed";
  return {
    configured,
    passed: configured && interrupted === null ? passed : null,
    summary:
      test && test.state !== "not-run"
        ? `\`${test.command}\` on ${i.branch}: ${test.summary}`
        : (merges?.summary ?? null),
    merges,
    testRan: test !== null && test.state !== "not-run",
    ...(interrupted === null ? {} : { interrupted }),
  };
}

function integrationEvidence(
  tracks: readonly FactTrack[],
  plan: Plan,
  isLive: boolean,
): GateEvidence["integration"] {
  const candidates = integrationTracks(tracks).filter((t) => !!t.plan?.test);
  // The plan's integration test runs once the tracks are merged: while the run goes on it is waited for; a run that
  // ended without integrating never ran it.
  const planTest = plan.integration?.test;
  if (candidates.length === 0 && planTest)
    return isLive
      ? { configured: true, passed: null, summary: `\`${planTest}\` runs when the tracks are integrated` }
      : {
          configured: true,
          passed: false,
          testRan: false,
          summary: `the run ended before its integration ran \`${planTest}\``,
        };
  if (candidates.length === 0) return { configured: false, passed: null };
  const failed = candidates.filter((t) => t.testStatus === "failed");
  const passed = candidates.filter((t) => t.testStatus === "passed");
  const names = candidates.map((t) => `${t.key} (${t.name})`).join(", ");
  if (failed.length > 0) return { configured: true, passed: false, summary: `test of ${names} failed` };
  if (passed.length === candidates.length)
    return { configured: true, passed: true, summary: `test of ${names}: \`${candidates[0]?.plan?.test}\`` };
  return { configured: true, passed: null, summary: names };
}

/** computeRunMetrics' input from the run's tracks, spans, samples, tests and conflicts. */
export function buildMetricsInput(f: RunFacts): MetricsInput {
  return {
    tracks: f.tracks.map((t) => ({
      key: t.key,
      startedAt: t.spans[0]?.startedAt ?? t.startedAt,
      endedAt: t.endedAt,
      runningMs: latestRunningMsOf(t, f.endMs),
      activeMs: t.spans.length > 0 ? activeMsOf(t, f.endMs) : null,
      status: t.status,
    })),
    runStartedAt: f.run.startedAt,
    runEndedAt: f.run.endedAt,
    now: f.nowMs,
    memorySamples: f.samples,
    qualityGates: qualityGateRunsOf(f),
    conflicts: f.conflicts.map((c) => ({ severity: c.severity })),
  };
}
