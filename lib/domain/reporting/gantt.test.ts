import { describe, expect, it } from "vitest";
import { makeTrackView } from "../view-fixtures";
import type { TrackView } from "../views";
import { buildGanttModel, type GanttView } from "./gantt";
import { type ActualSpan, activeRunningMs, layoutActualBars } from "./gantt-actual-bars";
import { forecastFinish, forecastUnstarted } from "./gantt-forecast";
import { actualSegmentLabel, describeGantt, plannedBarLabel } from "./gantt-labels";
import { actualRamPoints, downsampleMemory, plannedRamSteps } from "./gantt-ram";
import { computeTimeScale, formatOffset, ganttDomainMs, timeTicks } from "./gantt-scale";

const RUN_START = Date.parse("2026-03-01T10:00:00.000Z");
const at = (s: number) => new Date(RUN_START + s * 1000).toISOString();

function span(
  trackKey: string,
  attempt: number,
  kind: "running" | "paused",
  from: number,
  to: number | null,
  outcome: string | null,
  pausedBy: string | null = null,
): ActualSpan {
  return {
    trackKey,
    attempt,
    kind,
    pausedBy,
    startedAt: at(from),
    endedAt: to === null ? null : at(to),
    outcome,
  };
}

describe("layoutActualBars", () => {
  it("runs an open span to now and keeps a paused span with who paused it", () => {
    const rows = layoutActualBars(
      [
        span("A", 1, "running", 0, 70, "paused"),
        span("A", 1, "paused", 70, 90, "resumed", "lead"),
        span("A", 1, "running", 90, null, null),
      ],
      { runStartMs: RUN_START, untilMs: 120_000 },
    );
    const a = rows.get("A")!;
    expect(a.attempts).toHaveLength(1);
    const [attempt] = a.attempts;
    expect(attempt!.ending).toBe("open");
    expect(attempt!.startMs).toBe(0);
    expect(attempt!.endMs).toBe(120_000);
    expect(attempt!.segments.map((s) => [s.kind, s.startMs, s.endMs, s.isOpen, s.pausedBy])).toEqual([
      ["running", 0, 70_000, false, null],
      ["paused", 70_000, 90_000, false, "lead"],
      ["running", 90_000, 120_000, true, null],
    ]);
    expect(activeRunningMs(attempt!)).toBe(100_000);
  });

  it("puts a requeued attempt on its own lane and names how each attempt ended", () => {
    const rows = layoutActualBars(
      // Out of order on purpose: the layout sorts by attempt, then time.
      [
        span("B", 2, "running", 50, 80, "failed"),
        span("B", 1, "running", 10, 30, "requeue"),
        span("C", 1, "running", 0, 40, "completed"),
      ],
      { runStartMs: RUN_START, untilMs: 100_000 },
    );
    const b = rows.get("B")!;
    expect(b.attempts.map((x) => [x.attempt, x.lane, x.startMs, x.endMs, x.ending])).toEqual([
      [1, 0, 10_000, 30_000, "requeued"],
      [2, 1, 50_000, 80_000, "failed"],
    ]);
    expect(rows.get("C")!.attempts[0]!.ending).toBe("completed");
  });

  it("never draws a bar backwards when an open span is seen before its start", () => {
    const rows = layoutActualBars([span("A", 1, "running", 30, null, null)], {
      runStartMs: RUN_START,
      untilMs: 10_000,
    });
    const attempt = rows.get("A")!.attempts[0]!;
    expect(attempt.endMs).toBe(30_000);
    expect(attempt.segments[0]!.endMs).toBe(30_000);
  });

  it("ends an attempt freed by a checkpoint (its pause resumed after) and one interrupted, not as ongoing", () => {
    const rows = layoutActualBars(
      [
        span("A", 1, "running", 0, 20, "checkpoint"),
        span("A", 1, "paused", 20, 40, "resumed", "lead"),
        span("A", 2, "running", 40, null, null),
        span("B", 1, "running", 0, 30, "interrupted"),
        span("B", 2, "running", 35, null, null),
      ],
      { runStartMs: RUN_START, untilMs: 60_000 },
    );
    expect(rows.get("A")!.attempts.map((x) => x.ending)).toEqual(["checkpointed", "open"]);
    expect(rows.get("B")!.attempts.map((x) => x.ending)).toEqual(["interrupted", "open"]);
  });

  it("treats an attempt whose last span closed as paused as still going (the next span follows)", () => {
    const rows = layoutActualBars([span("A", 1, "running", 0, 20, "paused")], {
      runStartMs: RUN_START,
      untilMs: 25_000,
    });
    expect(rows.get("A")!.attempts[0]!.ending).toBe("open");
  });
});

describe("forecastFinish", () => {
  const layout = (spans: ActualSpan[], untilS: number) =>
    layoutActualBars(spans, { runStartMs: RUN_START, untilMs: untilS * 1000 })
      .get("A")
      ?.attempts.at(-1);

  it("extrapolates the progress rate over running time only, pauses excluded", () => {
    // 60 s running, 30 s paused, 30 s running: 90 s of running time for 45 % → 2 % per 4 s → 110 s left.
    const attempt = layout(
      [
        span("A", 1, "running", 0, 60, "paused"),
        span("A", 1, "paused", 60, 90, "resumed", "lead"),
        span("A", 1, "running", 90, null, null),
      ],
      120,
    );
    const f = forecastFinish({
      status: "running",
      progress: 45,
      attempt,
      durationMs: 600_000,
      nowMs: 120_000,
    });
    expect(f).not.toBeNull();
    expect(f!.method).toBe("progress");
    expect(f!.activeMs).toBe(90_000);
    expect(f!.remainingMs).toBeCloseTo(110_000, 6);
    expect(f!.finishMs).toBeCloseTo(230_000, 6);
    expect(f!.isPaused).toBe(false);
  });

  it("forecasts a paused track as if it resumed now", () => {
    const attempt = layout(
      [span("A", 1, "running", 0, 40, "paused"), span("A", 1, "paused", 40, null, null, "lead")],
      100,
    );
    const f = forecastFinish({ status: "paused", progress: 50, attempt, durationMs: null, nowMs: 100_000 });
    expect(f!.isPaused).toBe(true);
    expect(f!.remainingMs).toBeCloseTo(40_000, 6);
    expect(f!.finishMs).toBeCloseTo(140_000, 6);
  });

  it("falls back to the plan's duration before there is a usable rate", () => {
    const attempt = layout([span("A", 1, "running", 0, null, null)], 3);
    const f = forecastFinish({ status: "running", progress: 10, attempt, durationMs: 60_000, nowMs: 3_000 });
    expect(f).toMatchObject({ method: "estimate", remainingMs: 57_000, finishMs: 60_000 });
    expect(
      forecastFinish({ status: "running", progress: 0, attempt, durationMs: null, nowMs: 3_000 }),
    ).toBeNull();
  });

  it("gives nothing for tracks that are not under way", () => {
    const attempt = layout([span("A", 1, "running", 0, 40, "completed")], 100);
    expect(
      forecastFinish({ status: "completed", progress: 100, attempt, durationMs: 1, nowMs: 1 }),
    ).toBeNull();
    expect(
      forecastFinish({ status: "pending", progress: 0, attempt: undefined, durationMs: 1, nowMs: 1 }),
    ).toBeNull();
  });
});

describe("zoom and axis", () => {
  it("fit puts the whole domain in the viewport; fixed zooms show their window per screen width", () => {
    const fit = computeTimeScale("fit", 1000, 600_000);
    expect(fit.widthPx).toBe(1000);
    expect(fit.pxPerMs * 600_000).toBeCloseTo(1000, 9);

    const oneMinute = computeTimeScale("1m", 1000, 600_000);
    expect(oneMinute.pxPerMs * 60_000).toBeCloseTo(1000, 9);
    expect(oneMinute.widthPx).toBe(10_000); // ten screens to scroll

    // A window longer than the run: the chart stays one screen wide and covers the window.
    const oneDay = computeTimeScale("1d", 1000, 600_000);
    expect(oneDay.widthPx).toBe(1000);
    expect(oneDay.spanMs).toBeCloseTo(86_400_000, 3);
  });

  it("picks round tick steps that leave room for the labels", () => {
    const scale = computeTimeScale("10m", 1200, 600_000);
    const { stepMs, ticks } = timeTicks(scale, 72);
    expect(stepMs * scale.pxPerMs).toBeGreaterThanOrEqual(72);
    expect(stepMs).toBe(60_000); // 30 s would be 60 px, too tight
    expect(ticks[0]).toBe(0);
    expect(ticks.at(-1)).toBe(600_000);
    expect(timeTicks(computeTimeScale("1d", 1200, 600_000), 72).stepMs).toBe(7_200_000);
  });

  it("formats run-relative times as clocks from minutes to days", () => {
    expect(formatOffset(0)).toBe("0:00");
    expect(formatOffset(150_000)).toBe("2:30");
    expect(formatOffset(3_900_000)).toBe("1:05:00");
    expect(formatOffset(2.5 * 86_400_000)).toBe("2d 12:00");
  });

  it("extends the domain to the latest of plan, actual, forecast and now", () => {
    const rows = layoutActualBars([span("A", 1, "running", 0, null, null)], {
      runStartMs: RUN_START,
      untilMs: 200_000,
    });
    const schedule = { tracks: [], makespanMs: 150_000, pessimisticMakespanMs: 180_000 };
    expect(ganttDomainMs({ schedule, rows: rows.values(), forecastEndsMs: [], nowMs: 200_000 })).toBe(
      208_000,
    );
    expect(ganttDomainMs({ schedule, rows: [], forecastEndsMs: [500_000], nowMs: 10 })).toBe(520_000);
    expect(ganttDomainMs({ schedule: null, rows: [], forecastEndsMs: [], nowMs: null })).toBe(60_000);
  });
});

describe("labels", () => {
  it("names planned and actual bars the way the e2e test and screen readers read them", () => {
    expect(plannedBarLabel("A", 0, 150_000)).toBe("Track A planned 0:00–2:30");
    const rows = layoutActualBars(
      [
        span("A", 1, "running", 0, 30, "requeue"),
        span("A", 2, "running", 40, 70, "paused"),
        span("A", 2, "paused", 70, null, null, "lead"),
      ],
      { runStartMs: RUN_START, untilMs: 90_000 },
    );
    const [first, second] = rows.get("A")!.attempts;
    expect(actualSegmentLabel("A", first!.segments[0]!, first!, 2)).toBe(
      "Track A actual running 0:00–0:30 (attempt 1, requeued)",
    );
    expect(actualSegmentLabel("A", second!.segments[1]!, second!, 2)).toBe(
      "Track A actual paused by lead 1:10–1:30 (attempt 2, ongoing)",
    );
  });

  it("summarises the chart with pauses, attempts and forecasts", () => {
    const rows = layoutActualBars(
      [span("A", 1, "running", 0, 10, "paused"), span("A", 1, "paused", 10, 30, "resumed", "lead")],
      { runStartMs: RUN_START, untilMs: 60_000 },
    );
    const text = describeGantt({
      runName: "Demo",
      tracks: [
        { key: "A", status: "running", progress: 40, pausedBy: null },
        { key: "B", status: "pending", progress: 0, pausedBy: null },
      ],
      schedule: { makespanMs: 180_000, pessimisticMakespanMs: 200_000 },
      rows,
      forecasts: new Map(),
      nowMs: 60_000,
      isLive: true,
    });
    expect(text).toBe(
      'Gantt of run "Demo": 2 track(s), planned to finish at 3:00 (3:20 at worst), elapsed 1:00. A running, 40 %, paused 1 time; B pending.',
    );
  });
});

describe("RAM band", () => {
  it("sums the estimates of the planned bars covering each moment", () => {
    const steps = plannedRamSteps(
      [
        { key: "A", plannedStartMs: 0, plannedEndMs: 100 },
        { key: "C", plannedStartMs: 0, plannedEndMs: 80 },
        { key: "B", plannedStartMs: 80, plannedEndMs: 200 },
        { key: "X", plannedStartMs: 10, plannedEndMs: 20 },
      ],
      (key) => ({ A: 600, B: 1200, C: 520 })[key] ?? null,
    );
    // At 80 C ends and B starts at once: the level moves straight from 1120 to 1800, no dip or spike.
    expect(steps).toEqual([
      { ms: 0, bytes: 1120 },
      { ms: 80, bytes: 1800 },
      { ms: 100, bytes: 1200 },
      { ms: 200, bytes: 0 },
    ]);
  });

  it("puts actual points on the run's axis with totals", () => {
    const points = actualRamPoints([{ at: at(5), tracks: { A: 100, B: 50 } }], RUN_START);
    expect(points).toEqual([{ ms: 5000, byTrack: { A: 100, B: 50 }, total: 150 }]);
  });

  it("downsamples to at most the limit and keeps the peak", () => {
    const points = Array.from({ length: 2000 }, (_, i) => ({
      at: at(i),
      tracks: { A: i === 1234 ? 9e9 : 1e6 + i },
    }));
    const kept = downsampleMemory(points, 600);
    expect(kept.length).toBeLessThanOrEqual(600);
    expect(kept.length).toBeGreaterThan(590);
    expect(kept.some((p) => p.tracks.A === 9e9)).toBe(true);
    // Still in time order.
    expect(kept.every((p, i) => i === 0 || Date.parse(p.at) > Date.parse(kept[i - 1]!.at))).toBe(true);
    expect(downsampleMemory(points.slice(0, 10), 600)).toHaveLength(10);
  });
});

describe("buildGanttModel", () => {
  function trackView(key: string, position: number, extra: Partial<TrackView> = {}): TrackView {
    return makeTrackView(key, {
      runId: "r",
      position,
      status: "pending",
      estimateBytes: 1000,
      duration: { minMs: 60_000, maxMs: 120_000 },
      attempts: 0,
      ...extra,
    });
  }
  function view(status: "running" | "completed", endedAt: string | null): GanttView {
    return {
      run: {
        id: "r",
        name: "Demo",
        status,
        phase: 1,
        startedAt: at(0),
        endedAt,
        budgetBytes: null,
        trackCount: 2,
      },
      schedule: null,
      tracks: [
        trackView("B", 1, { estimateBytes: 500 }),
        trackView("A", 0, { status: "running", progress: 50, attempts: 1 }),
      ],
      spans: [
        span("A", 1, "running", 0, 20, "paused"),
        span("A", 1, "paused", 20, 30, "resumed", "lead"),
      ].concat([span("A", 1, "running", 30, null, null)]),
      memory: [{ at: at(10), tracks: { A: 700 } }],
      capacityBytes: 2000,
      now: at(60),
      phaseMarkers: [{ at: at(5), from: 1, to: 2, label: "Phase 2: Agent Activation" }],
    };
  }

  it("orders rows by position, runs open bars to now and forecasts running tracks", () => {
    const model = buildGanttModel(view("running", null), RUN_START + 60_000);
    expect(model.isLive).toBe(true);
    expect(model.nowMs).toBe(60_000);
    expect(model.rows.map((r) => [r.track.key, r.lanes, r.attempts.length])).toEqual([
      ["A", 1, 1],
      ["B", 1, 0],
    ]);
    const a = model.rows[0]!;
    expect(a.attempts[0]!.endMs).toBe(60_000);
    // 50 % in 50 s of running time (10 s paused) → 50 s left.
    expect(a.forecast?.finishMs).toBeCloseTo(110_000, 6);
    // B has not started: it runs its planned 90 s from now (60 s), so the run is forecast to end at 150 s.
    expect(model.domainMs).toBeCloseTo(150_000 * 1.04, 6);
    expect(model.actualRam).toEqual([{ ms: 10_000, byTrack: { A: 700 }, total: 700 }]);
    expect(model.phaseMarkers[0]!.ms).toBe(5_000);
    expect(model.summary).toContain("A running, 50 %, paused 1 time, forecast finish 1:50");
  });

  it("paces a resumed attempt by the progress it made itself, not by what it carried over", () => {
    const resumed: GanttView = {
      ...view("running", null),
      tracks: [
        trackView("A", 0, { status: "running", progress: 70, progressAtAttemptStart: 66, attempts: 2 }),
      ],
      spans: [span("A", 1, "running", 0, 40, "requeued"), span("A", 2, "running", 50, null, null)],
    };
    const a = buildGanttModel(resumed, RUN_START + 60_000).rows[0]!;
    // 4 % in its own 10 s: 30 % left take 75 s (66 % + 4 % over 10 s would read 1.3 s left).
    expect(a.forecast?.finishMs).toBeCloseTo(60_000 + 75_000, 6);
  });

  it("freezes a finished run at its end: no now-line movement and no forecasts", () => {
    const model = buildGanttModel(view("completed", at(90)), RUN_START + 3_600_000);
    expect(model.isLive).toBe(false);
    expect(model.nowMs).toBe(90_000);
    expect(model.rows[0]!.forecast).toBeNull();
  });
});

describe("forecastUnstarted", () => {
  it("forecasts tracks not started after their dependencies, so the run's finish counts them", () => {
    const running = makeTrackView("A", { status: "running", dependsOn: [] });
    const ready = makeTrackView("B", {
      status: "ready",
      dependsOn: [],
      duration: { minMs: 60_000, maxMs: 60_000 },
    });
    const after = makeTrackView("D", {
      status: "pending",
      dependsOn: ["A", "B"],
      duration: { minMs: 30_000, maxMs: 30_000 },
    });
    const started = new Map([
      [
        "A",
        {
          method: "progress" as const,
          finishMs: 200_000,
          remainingMs: 100_000,
          activeMs: 100_000,
          progress: 50,
          isPaused: false,
        },
      ],
    ]);
    const rows = [running, ready, after].map((track) => ({ track, planned: null, attempts: [] }));
    const forecasts = forecastUnstarted(rows, started, 100_000);
    expect(forecasts.get("B")?.finishMs).toBe(160_000);
    // D waits for A (200 s) and B (160 s), then runs 30 s.
    expect(forecasts.get("D")?.finishMs).toBe(230_000);
    expect(forecasts.get("A")?.finishMs).toBe(200_000);
  });
});
