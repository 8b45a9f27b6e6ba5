// A track card with a 53-character key: the key badge truncates within the card (whole in its text and title), the
// name and status keep their own line, the badge's colour carries white text; a finished track's "blocked"
// report is history, not a live chip.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackView } from "@/lib/domain/views";
import { trackBadgeColor } from "../common/track-colors";
import { TrackCard } from "./track-card";

const LONG = "authentication-service-migration-to-oauth21-with-pkce";

function render(track: TrackView): string {
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client: new QueryClient() },
      createElement(TrackCard, { track, tracks: [track], memory: [] }),
    ),
  );
}

const badgeOf = (html: string) =>
  /<span class="([^"]*)" style="([^"]*)" title="([^"]*)" data-testid="track-key">([^<]*)</.exec(html);

describe("TrackCard's header", () => {
  const track = makeTrackView(LONG, {
    name: "Authentication service migration to OAuth 2.1",
    position: 3,
    status: "running",
  });
  const html = render(track);

  it("truncates a long key badge within the card, the whole key in its text and title", () => {
    const badge = badgeOf(html);
    expect(badge?.[4]).toBe(LONG);
    expect(badge?.[3]).toContain(LONG);
    expect(badge?.[1]).toContain("truncate");
    expect(badge?.[1]).toContain("min-w-0");
    expect(badge?.[1]).not.toContain("shrink-0");
  });

  it("paints the badge in its text-safe shade", () => {
    expect(badgeOf(html)?.[2]).toContain(`background-color:${trackBadgeColor(3)}`);
  });

  it("puts a long key on a line with the status only, the name below it", () => {
    expect(html).toMatch(
      /<header class="flex flex-col gap-3" data-testid="track-card-header" data-key-layout="own-line"><div class="flex min-w-0 items-start gap-2"><span[^>]*data-testid="track-key">[^<]*<\/span><span[^>]*data-testid="track-status" data-status="running"/,
    );
    expect(html).toContain("Authentication service migration to OAuth 2.1");
  });

  it("keeps a short key beside the name, as before", () => {
    const short = render(makeTrackView("A", { name: "Alpha" }));
    expect(short).toMatch(/data-testid="track-card-header" data-key-layout="inline"/);
    expect(badgeOf(short)?.[1]).toContain("shrink-0");
  });
});

describe("TrackCard's report flags", () => {
  const reported = (status: TrackView["status"]) =>
    render(makeTrackView("B", { status, reportStatus: "blocked" }));

  it("flags a running track reported blocked", () => {
    expect(reported("running")).toMatch(/data-tone="blocked">reported blocked</);
  });

  it("says a completed track was reported blocked, in grey, not as a live flag", () => {
    const html = reported("completed");
    expect(html).toMatch(/data-tone="past">was reported blocked</);
    expect(html).not.toMatch(/>reported blocked</);
  });
});
