// Token mode: the server answers every request with 401. Each overview panel whose query failed says so, instead of
// "Loading…", "Waiting for …" or "nothing yet" for ever.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiError } from "../data/fetch-json";
import { queryKeys } from "../data/query-keys";
import { OverviewDashboard } from "./overview-dashboard";

const refused = new ApiError("missing or wrong Authorization: Bearer <PARATRACK_TOKEN>", 401, null);

function renderRefused(): string {
  const client = new QueryClient({
    defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY, retryOnMount: false, retry: false } },
  });
  for (const queryKey of [
    queryKeys.memoryLatest(),
    queryKeys.memoryHistory(),
    queryKeys.tracks(),
    queryKeys.trackMemory(),
    queryKeys.governor(),
    queryKeys.runs(),
  ]) {
    client
      .getQueryCache()
      .build(client, { queryKey })
      .setState({ status: "error", error: refused, fetchStatus: "idle", errorUpdatedAt: 1 });
  }
  const html = renderToStaticMarkup(
    createElement(QueryClientProvider, { client }, createElement(OverviewDashboard)),
  );
  return html.replace(/<[^>]*>/g, " ");
}

describe("OverviewDashboard when every request is refused", () => {
  const text = renderRefused();

  it.each([
    ["Memory", "Could not load the memory samples: missing or wrong Authorization"],
    ["Governor", "Could not load the governor: missing or wrong Authorization"],
    ["Tracks", "Could not load the tracks: missing or wrong Authorization"],
    ["Memory, last 10 minutes", "Could not load the memory history: missing or wrong Authorization"],
    ["Governor decisions", "Could not load the decisions: missing or wrong Authorization"],
    ["Latest events", "Could not load the events: missing or wrong Authorization"],
  ])("%s names the error", (_, said) => {
    expect(text).toContain(said);
  });

  it("claims no panel is loading, waiting or empty", () => {
    for (const claim of [
      "Waiting for the first memory sample",
      "Waiting for the governor",
      "Loading decisions",
      "Nothing has happened yet",
    ])
      expect(text).not.toContain(claim);
  });
});
