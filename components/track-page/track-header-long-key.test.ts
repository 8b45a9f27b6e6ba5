// The track page's header with a 53-character key: the key badge truncates within the header (whole in its title
// and in the h1's hidden text) instead of pushing the name and status off a phone's screen.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackDetailView } from "@/lib/domain/views";
import { TrackHeader } from "./track-header";

const LONG = "authentication-service-migration-to-oauth21-with-pkce";

const track: TrackDetailView = {
  ...makeTrackView(LONG, { name: "Authentication service migration to OAuth 2.1", status: "running" }),
  agents: [],
  reports: [],
  events: [],
};

const html = renderToStaticMarkup(
  createElement(QueryClientProvider, { client: new QueryClient() }, createElement(TrackHeader, { track })),
);

describe("TrackHeader with a long key", () => {
  it("truncates the key badge within the header, the whole key in its title", () => {
    const badge = /<span class="([^"]*)" aria-hidden="true" title="([^"]*)" data-testid="track-key">/.exec(
      html,
    );
    expect(badge?.[1]).toContain("truncate");
    expect(badge?.[1]).toContain("max-w-full");
    expect(badge?.[1]).not.toContain("shrink-0");
    expect(badge?.[2]).toBe(LONG);
  });

  it("names the track in the h1 with its key, and wraps the name rather than overflow", () => {
    expect(html).toMatch(
      new RegExp(
        `<h1 id="track-title" class="[^"]*wrap-anywhere[^"]*">Authentication service migration to OAuth 2.1<span class="sr-only"> \\(track ${LONG}\\)</span></h1>`,
      ),
    );
    expect(html).toMatch(/data-testid="track-status" data-status="running"/);
  });
});
