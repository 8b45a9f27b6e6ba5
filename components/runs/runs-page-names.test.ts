// Every row of /runs links to its run's Gantt, phases and retrospective: each link says which run, or a screen reader's
// list of links reads "Gantt, Gantt, Gantt".
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { RunView } from "@/lib/domain/views";
import { queryKeys } from "../data/query-keys";
import { RunsPage } from "./runs-page";

const run = (id: string, name: string): RunView => ({
  id,
  name,
  status: "completed",
  phase: 5,
  startedAt: "2026-01-01T10:00:00.000Z",
  endedAt: "2026-01-01T11:00:00.000Z",
  budgetBytes: null,
  trackCount: 2,
});

describe("RunsPage", () => {
  const client = new QueryClient();
  client.setQueryData(queryKeys.runs(), [run("r2", "Tuesday"), run("r1", "Monday")]);
  const html = renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(RunsPage)));

  it("names each run's page links by the run", () => {
    for (const name of ["Monday", "Tuesday"])
      for (const page of ["Gantt", "Phases", "Retrospective"])
        expect(html).toContain(`aria-label="${page} of run ${name}"`);
  });

  it("puts the table in a scroll box", () => {
    expect(html).toContain('role="group" aria-label="Runs"');
  });
});
