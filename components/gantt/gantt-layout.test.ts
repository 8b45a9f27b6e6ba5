import { describe, expect, it } from "vitest";
import type { PlannedTrack } from "@/lib/domain/planner/planner";
import type { GanttModel, GanttRowModel } from "@/lib/domain/reporting/gantt";
import type { AttemptBar } from "@/lib/domain/reporting/gantt-actual-bars";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import {
  AXIS_H,
  LANE_H,
  laneY,
  PHASE_STRIP_H,
  PLANNED_H,
  plannedY,
  RUNNING_FILL,
  rowHeight,
  runningLegend,
  X_PAD,
} from "./gantt-geometry";
import {
  chartX,
  dependencyArrows,
  dependencyCurve,
  type GanttTip,
  groupPhaseMarkers,
  hoverHandlers,
  layoutRows,
  PHASE_MARKER_MIN_PX,
  phaseLabelPlacement,
  tickLabel,
} from "./gantt-layout";

function planned(key: string, startMs: number, endMs: number): PlannedTrack {
  return {
    key,
    plannedStartMs: startMs,
    plannedEndMs: endMs,
    optimisticEndMs: endMs,
    pessimisticEndMs: endMs,
    durationMs: endMs - startMs,
    durationAssumed: false,
    critical: false,
    concurrentWith: [],
  };
}

function attempt(n: number, startMs: number, endMs: number, ending: AttemptBar["ending"]): AttemptBar {
  return { attempt: n, lane: n - 1, startMs, endMs, segments: [], ending };
}

function row(
  key: string,
  opts: { dependsOn?: string[]; planned?: PlannedTrack | null; attempts?: AttemptBar[] } = {},
): GanttRowModel {
  const attempts = opts.attempts ?? [];
  return {
    track: makeTrackView(key, { dependsOn: opts.dependsOn ?? [] }),
    planned: opts.planned ?? null,
    attempts,
    forecast: null,
    lanes: Math.max(1, attempts.length),
  };
}

function model(rows: GanttRowModel[], phaseMarkers: GanttModel["phaseMarkers"] = []): GanttModel {
  return {
    runStartMs: 0,
    nowMs: 0,
    isLive: true,
    rows,
    domainMs: 60_000,
    plannedRam: [],
    actualRam: [],
    capacityBytes: null,
    phaseMarkers,
    summary: "",
  };
}

describe("layoutRows", () => {
  it("stacks rows by their lane count under the axis", () => {
    const rows = [row("A"), row("B", { attempts: [attempt(1, 0, 1, "requeued"), attempt(2, 1, 2, "open")] })];
    const { tops, height, bodyTop } = layoutRows(model(rows));
    expect(bodyTop).toBe(AXIS_H);
    expect(tops).toEqual([AXIS_H, AXIS_H + rowHeight(1)]);
    expect(height).toBe(AXIS_H + rowHeight(1) + rowHeight(2) + 4);
    expect(rowHeight(2)).toBeGreaterThan(rowHeight(1));
  });

  it("leaves room for the phase strip when the run has phase markers", () => {
    const marker = { at: "2026-03-01T10:00:00.000Z", from: 1, to: 2, label: "Phase 2", ms: 0 };
    const { tops, bodyTop } = layoutRows(model([row("A")], [marker]));
    expect(bodyTop).toBe(AXIS_H + PHASE_STRIP_H);
    expect(tops).toEqual([AXIS_H + PHASE_STRIP_H]);
  });
});

describe("chartX", () => {
  it("maps time to x past the left pad and keeps short bars 2 px wide", () => {
    const { x, w, width } = chartX({ pxPerMs: 0.01, widthPx: 600, spanMs: 60_000 });
    expect(x(0)).toBe(X_PAD);
    expect(x(10_000)).toBe(X_PAD + 100);
    expect(w(0, 10_000)).toBe(100);
    expect(w(0, 50)).toBe(2);
    expect(width).toBe(600 + 2 * X_PAD);
  });
});

describe("hoverHandlers", () => {
  it("shows a tip on enter and click, hides it on leave, and keeps it inside the chart's right edge", () => {
    const tips: (GanttTip | null)[] = [];
    const hover = hoverHandlers((tip) => tips.push(tip), 500);
    const near = hover("left", 10, 40);
    near.onPointerEnter();
    near.onPointerLeave();
    near.onClick();
    // 500 − 280: a tip starting further right would overflow.
    hover("right", 450, 40).onPointerEnter();
    expect(tips).toEqual([
      { text: "left", x: 10, y: 40 },
      null,
      { text: "left", x: 10, y: 40 },
      { text: "right", x: 220, y: 40 },
    ]);
    // A chart narrower than a tip puts it at the left edge.
    hoverHandlers((tip) => tips.push(tip), 100)("narrow", 50, 0).onClick();
    expect(tips.at(-1)).toEqual({ text: "narrow", x: 0, y: 0 });
  });
});

describe("dependencyArrows", () => {
  const x = (ms: number) => ms / 1000;

  it("draws a planned arrow from the dependency's planned end to the dependant's planned start", () => {
    const rows = [
      row("A", { planned: planned("A", 0, 60_000) }),
      row("B", { dependsOn: ["A"], planned: planned("B", 60_000, 90_000) }),
    ];
    const { tops } = layoutRows(model(rows));
    const arrows = dependencyArrows(model(rows), tops, x);
    expect(arrows).toEqual([
      {
        key: "p-A-B",
        d: dependencyCurve(60, plannedY(tops[0]!) + PLANNED_H / 2, 60, plannedY(tops[1]!) + PLANNED_H / 2),
        actual: false,
      },
    ]);
  });

  it("adds an actual arrow only once the dependency's last attempt completed, between the right lanes", () => {
    const dependant = attempt(2, 50_000, 70_000, "open");
    const completed = [
      row("A", { attempts: [attempt(1, 0, 40_000, "completed")] }),
      row("B", { dependsOn: ["A"], attempts: [attempt(1, 41_000, 45_000, "requeued"), dependant] }),
    ];
    const { tops } = layoutRows(model(completed));
    expect(dependencyArrows(model(completed), tops, x)).toEqual([
      {
        key: "a-A-B",
        d: dependencyCurve(40, laneY(tops[0]!, 0) + LANE_H / 2, 50, laneY(tops[1]!, 1) + LANE_H / 2),
        actual: true,
      },
    ]);
    const failed = [
      row("A", { attempts: [attempt(1, 0, 40_000, "failed")] }),
      row("B", { dependsOn: ["A"], attempts: [dependant] }),
    ];
    expect(dependencyArrows(model(failed), tops, x)).toEqual([]);
  });

  it("skips dependencies that have no row", () => {
    const rows = [row("B", { dependsOn: ["gone"], planned: planned("B", 0, 1) })];
    expect(dependencyArrows(model(rows), layoutRows(model(rows)).tops, x)).toEqual([]);
  });
});

describe("dependencyCurve", () => {
  it("bends at least 12 px and at most 40 px, half the horizontal gap in between", () => {
    expect(dependencyCurve(0, 0, 10, 20)).toBe("M0,0 C12,0 -2,20 10,20");
    expect(dependencyCurve(0, 0, 60, 20)).toBe("M0,0 C30,0 30,20 60,20");
    expect(dependencyCurve(0, 0, 500, 20)).toBe("M0,0 C40,0 460,20 500,20");
  });
});

describe("the legend", () => {
  it("explains every colour an actual bar can have, stopped included", () => {
    const legend = runningLegend([]);
    const shown = new Set(legend.map((item) => RUNNING_FILL[item.ending]));
    expect([...new Set(Object.values(RUNNING_FILL))].filter((fill) => !shown.has(fill))).toEqual([]);
    expect(legend.map((item) => item.label)).toContain("Stopped");
  });

  it("says why the chart's earlier attempts ended: the lead's pause that freed memory is no requeue", () => {
    const earlier = (endings: AttemptBar["ending"][]) => runningLegend(endings).at(-1)!.label;
    expect(earlier(["checkpointed", "open"])).toBe("Earlier attempt (paused by the lead, memory freed)");
    expect(earlier(["checkpointed", "requeued", "checkpointed", "completed"])).toBe(
      "Earlier attempt (requeued; paused by the lead, memory freed)",
    );
    expect(earlier(["completed"])).toBe("Earlier attempt");
  });
});

describe("groupPhaseMarkers", () => {
  const marker = (to: number, seconds: number) => ({
    at: new Date(Date.UTC(2026, 11, 7, 10, 0, seconds)).toISOString(),
    from: to - 1,
    to,
    label: `Phase ${to - 1} → ${to}`,
    ms: seconds * 1000,
  });
  // 1 px per second.
  const x = (ms: number) => ms / 1000;

  it("draws phase changes seconds apart at a run's end as one marker, P2–P5, naming each", () => {
    const groups = groupPhaseMarkers([marker(5, 310), marker(2, 2), marker(3, 300), marker(4, 305)], x);
    expect(groups.map((g) => [g.x, g.text])).toEqual([
      [2, "P2"],
      [300, "P3–P5"],
    ]);
    expect(groups[1]!.labels).toEqual(["Phase 2 → 3 at 5:00", "Phase 3 → 4 at 5:05", "Phase 4 → 5 at 5:10"]);
  });

  it("puts a label left of its line where it would run past the chart's end", () => {
    expect(phaseLabelPlacement(100, "P2–P5", 400)).toEqual({ x: 103, anchor: "start" });
    expect(phaseLabelPlacement(380, "P2–P5", 400)).toEqual({ x: 377, anchor: "end" });
  });

  it("keeps markers apart once they are PHASE_MARKER_MIN_PX apart", () => {
    const groups = groupPhaseMarkers([marker(2, 0), marker(3, PHASE_MARKER_MIN_PX)], x);
    expect(groups.map((g) => g.text)).toEqual(["P2", "P3"]);
  });
});

describe("tickLabel", () => {
  const H = 3_600_000;
  it("writes a days-long axis's ticks all as h:mm with the day in front, without seconds", () => {
    // A 3-day run at "Fit": 12-hour steps.
    const ticks = [0, 12 * H, 24 * H, 36 * H, 48 * H, 72 * H];
    expect(ticks.map((t) => tickLabel(t, 12 * H, 72 * H))).toEqual([
      "0:00",
      "12:00",
      "1d 0:00",
      "1d 12:00",
      "2d 0:00",
      "3d 0:00",
    ]);
  });
  it("keeps minutes on a days-long axis zoomed to hours, the first day like the next ones", () => {
    expect(tickLabel(23.75 * H, 15 * 60_000, 30 * H)).toBe("23:45");
    expect(tickLabel(24.25 * H, 15 * 60_000, 30 * H)).toBe("1d 0:15");
  });
  it("keeps the clock of short axes (minutes and seconds)", () => {
    expect(tickLabel(150_000, 30_000, 600_000)).toBe("2:30");
    expect(tickLabel(10 * 60_000, 5 * 60_000, 30 * 60_000)).toBe("10:00");
  });
});
