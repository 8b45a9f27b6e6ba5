// A past run's track page (/tracks/<key>?run=<id>) reads that run's track: it offers no action (a Pause or Restart
// would act on the live run's track of that key) and never follows the live log, whatever the track's stored status.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement, type ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackDetailView } from "@/lib/domain/views";
import { LogTail } from "./log-tail";
import { TrackHeader } from "./track-header";

function render(element: ReactElement): string {
  return renderToStaticMarkup(createElement(QueryClientProvider, { client: new QueryClient() }, element));
}

// Left pending when its run failed: no agent ever started.
const pending: TrackDetailView = {
  ...makeTrackView("B", { runId: "old-run", status: "pending" }),
  agents: [],
  reports: [],
  events: [],
};

describe("a past run's track", () => {
  it("has no action buttons; the live run's track has them", () => {
    expect(render(createElement(TrackHeader, { track: pending, runId: "old-run" }))).not.toContain("<button");
    expect(render(createElement(TrackHeader, { track: pending }))).toContain("<button");
  });

  it("left pending shows that no agent started, not the live log of the live run's track", () => {
    const past = render(createElement(LogTail, { track: pending, pastRun: true }));
    expect(past).toContain("No agent of this track started in this run.");
    const live = render(createElement(LogTail, { track: pending }));
    expect(live).not.toContain("No agent of this track started in this run.");
  });
});
