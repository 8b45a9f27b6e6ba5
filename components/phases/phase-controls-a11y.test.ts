// The current phase's controls stay in the tab order when they may not be used (a disabled button drops focus to the
// page), and say why in text a keyboard or touch user reaches, not only in a tooltip.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GateItemView, PhaseGateView } from "@/lib/engine/phase-views";
import { AdvanceControls } from "./advance-controls";
import { GateItemRow } from "./gate-item-row";

const manual = {
  key: "risk-mitigation-defined",
  label: "Risk mitigation strategies defined",
  mode: "manual",
  status: "manual",
  evidence: "Waiting for the lead's tick",
  tick: null,
  tickable: true,
} as GateItemView;

const phase = {
  number: 1,
  title: "Planning",
  timing: "day 1",
  objective: "Plan the tracks",
  cadence: "once",
  outputs: [],
  state: "current",
  items: [manual],
  trackItems: null,
  passes: false,
  closedAt: null,
  overrideReason: null,
  evaluatedAt: "2026-01-01T10:00:00.000Z",
} as unknown as PhaseGateView;

function render(element: ReactElement): string {
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, element));
}

describe("AdvanceControls on a gate that does not pass", () => {
  const html = render(createElement(AdvanceControls, { phase, runId: "r" }));

  it("keeps Advance focusable, unavailable, and described by what blocks it", () => {
    const advance = /<button[^>]*>Advance to phase 2<\/button>/.exec(html)?.[0] ?? "";
    expect(advance).toContain('aria-disabled="true"');
    expect(advance).not.toContain(' disabled=""');
    const describedBy = /aria-describedby="([^"]+)"/.exec(advance)?.[1];
    expect(describedBy).toBeTruthy();
    expect(html).toContain(`id="${describedBy}"`);
    expect(html).toContain("Blocked until every item passes: Risk mitigation strategies defined.");
  });

  it("offers the override", () => {
    expect(html).toContain(">Override with reason</button>");
  });
});

describe("GateItemRow", () => {
  it("has a checkbox that is never disabled (while its tick is on its way it says so instead)", () => {
    const html = render(createElement(GateItemRow, { item: manual, phase: 1, runId: "r" }));
    expect(html).toMatch(/<input type="checkbox"/);
    expect(html).not.toContain(' disabled=""');
  });
});
