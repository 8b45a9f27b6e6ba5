import { describe, expect, it } from "vitest";
import type { PtEvent } from "@/lib/domain/types";
import { ACTION_COLORS, decisionMarkers, isAlertingChange, toDecision } from "./decisions";

function event(kind: string, over: Partial<PtEvent> = {}): PtEvent {
  return {
    id: 1,
    at: "2025-01-01T00:00:10.000Z",
    kind,
    severity: "info",
    message: "message",
    runId: "r1",
    trackKey: null,
    actor: "governor",
    details: null,
    ...over,
  };
}

describe("toDecision", () => {
  it("reads zone, used %, action, track and reason from a governor event", () => {
    const d = toDecision(
      event("governor:pause", {
        trackKey: "B",
        details: { zone: "orange", usedPercent: 78.5, action: "pause", reason: "defer non-critical B" },
      }),
    );
    expect(d).toMatchObject({
      zone: "orange",
      usedPercent: 78.5,
      action: "pause",
      trackKey: "B",
      reason: "defer non-critical B",
      isAlert: false,
    });
  });

  it("falls back to the message and nulls when details are missing or malformed", () => {
    const d = toDecision(event("governor:enabled", { details: { zone: "purple", usedPercent: "x" } }));
    expect(d).toMatchObject({ zone: null, usedPercent: null, action: "enabled", reason: "message" });
  });

  it("marks alerts", () => {
    expect(toDecision(event("governor:alert", { details: { zone: "yellow" } })).isAlert).toBe(true);
  });
});

describe("decisionMarkers", () => {
  it("makes one coloured marker per track action or alert, none for on/off", () => {
    const decisions = [
      event("governor:start", { trackKey: "A" }),
      event("governor:stop-requeue", { id: 2, trackKey: "C" }),
      event("governor:disabled", { id: 3 }),
      event("governor:alert", { id: 4 }),
    ].map(toDecision);
    expect(decisionMarkers(decisions)).toEqual([
      { at: Date.parse("2025-01-01T00:00:10.000Z"), label: "Start A", color: ACTION_COLORS.start },
      {
        at: Date.parse("2025-01-01T00:00:10.000Z"),
        label: "Stop & requeue C",
        color: ACTION_COLORS["stop-requeue"],
      },
      { at: Date.parse("2025-01-01T00:00:10.000Z"), label: "Alert", color: ACTION_COLORS.alert },
    ]);
  });
});

describe("isAlertingChange", () => {
  it("alerts on entering Yellow or worse, not on recovering or staying green", () => {
    expect(isAlertingChange("green", "yellow")).toBe(true);
    expect(isAlertingChange(null, "red")).toBe(true);
    expect(isAlertingChange("yellow", "orange")).toBe(true);
    expect(isAlertingChange("red", "orange")).toBe(false);
    expect(isAlertingChange("yellow", "green")).toBe(false);
    expect(isAlertingChange(null, "green")).toBe(false);
  });
});
