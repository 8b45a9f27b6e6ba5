// The Gantt's label column with long keys: on a phone (80 px) "search-indexing" and "security-review" both came
// out as "se…". Keys are cut in the middle, where they differ; the link keeps the whole key as its name and title.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { GanttView } from "@/lib/domain/reporting/gantt";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import { GanttBoard } from "./gantt-board";

const START = "2026-12-07T19:00:00.000Z";
const KEYS = [
  "search-indexing",
  "security-review",
  "authentication-service-migration-to-oauth21-with-pkce",
  "api",
];

function view(): GanttView {
  return {
    run: {
      id: "run-long-keys",
      name: "long keys",
      status: "completed",
      phase: 5,
      startedAt: START,
      endedAt: "2026-12-07T20:00:00.000Z",
      budgetBytes: null,
      trackCount: KEYS.length,
    },
    schedule: null,
    tracks: KEYS.map((key, position) =>
      makeTrackView(key, { runId: "run-long-keys", position, status: "completed", name: `Track ${key}` }),
    ),
    spans: [],
    memory: [],
    capacityBytes: null,
    now: "2026-12-07T20:00:00.000Z",
    phaseMarkers: [],
  };
}

/** Each label link's accessible name and its phone and wider texts. */
function labels(html: string) {
  return [
    ...html.matchAll(
      /aria-label="([^"]+)" data-testid="gantt-track-label"[^>]*><span class="sm:hidden" aria-hidden="true">([^<]*)<\/span><span class="hidden sm:inline">([^<]*)<\/span>/g,
    ),
  ].map((m) => ({ name: m[1], narrow: m[2], wide: m[3] }));
}

describe("the Gantt's track labels", () => {
  const found = labels(
    renderToStaticMarkup(createElement(GanttBoard, { view: view(), receivedAt: Date.now() })),
  );

  it("keep the whole key as the link's name", () => {
    expect(found.map((l) => l.name)).toEqual(KEYS);
  });

  it("tell keys with one start apart on a phone", () => {
    expect(found.map((l) => l.narrow)).toEqual(["sea…ing", "sec…iew", "aut…kce", "api"]);
  });

  it("show up to 17 characters above a phone, cut in the middle", () => {
    expect(found.map((l) => l.wide)).toEqual([
      "search-indexing",
      "security-review",
      "authenti…ith-pkce",
      "api",
    ]);
  });
});
