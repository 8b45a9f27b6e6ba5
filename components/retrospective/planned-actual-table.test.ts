// A track that ran more than once (requeued, restarted) shows its last attempt's running time against the plan and,
// below it, what all its attempts took together; a track that ran once shows only the first.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RetrospectiveTrack } from "@/lib/domain/reporting/retrospective";
import { PlannedActualTable } from "./planned-actual-table";

const MIN = 60_000;
const START = "2026-12-07T14:00:00.000Z";

function track(key: string, attempts: RetrospectiveTrack["attempts"]): RetrospectiveTrack {
  return {
    key,
    plannedStart: START,
    plannedEnd: "2026-12-07T14:01:30.000Z",
    actualStart: START,
    actualEnd: "2026-12-07T14:02:10.000Z",
    durationMs: 66_000,
    attempts,
    peakRamBytes: null,
    estimateRamBytes: null,
    status: "completed",
    testResult: "no-test",
  };
}

function cellsOf(html: string, key: string): string {
  const row = html.split("<tr").find((r) => r.includes(`<span class="font-semibold">${key}</span>`)) ?? "";
  return row.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

describe("PlannedActualTable", () => {
  it("adds every attempt's running time under a track that ran more than once", () => {
    const html = renderToStaticMarkup(
      createElement(PlannedActualTable, {
        tracks: [track("A", { count: 1, runningMs: 66_000 }), track("C", { count: 2, runningMs: 1.6 * MIN })],
        runStartedAt: START,
      }),
    );
    expect(cellsOf(html, "C")).toContain("1m 6s -27 % vs plan 2 attempts: 1m 36s in all");
    expect(cellsOf(html, "A")).toContain("1m 6s -27 % vs plan");
    expect(cellsOf(html, "A")).not.toContain("attempts");
  });
});
