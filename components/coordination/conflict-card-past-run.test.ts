// A days-long run that ended with conflicts still open: its Conflicts page (?run=) must not offer rulings the server
// refuses ("no conflict N in the current run"), and each conflict says when it was found.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ConflictRecord } from "@/lib/domain/coordination/coordination-views";
import { ConflictCard } from "./conflict-card";
import { openConflict } from "./conflict-record.fixture";

const open = openConflict({
  id: 5,
  at: "2026-12-02T18:12:00.000Z",
  key: "overlap:A+B",
  kind: "overlap",
  severity: "medium",
  files: ["src/shared.ts"],
  message: "A and B both changed src/shared.ts",
});

function render(props: { conflict: ConflictRecord; live?: boolean }): string {
  return renderToStaticMarkup(
    createElement(QueryClientProvider, { client: new QueryClient() }, createElement(ConflictCard, props)),
  );
}

describe("ConflictCard of a run that is not live", () => {
  it("offers no ruling and says the conflict was left open", () => {
    const html = render({ conflict: open, live: false });
    expect(html).not.toContain("<button");
    expect(html).toContain("Left open when the run ended");
  });

  it("still offers the rulings in the live run", () => {
    const html = render({ conflict: open });
    expect(html).toContain("Accept: ");
    expect(html).toContain("Open: waiting for the lead");
  });

  it("says on which day the conflict was found and settled", () => {
    const html = render({
      conflict: {
        ...open,
        state: "resolved",
        resolution: "kept paused",
        resolvedAt: "2026-12-03T09:00:00.000Z",
      },
      live: false,
    });
    // The day as the dashboard writes dates (the year only when it is not this one's).
    const day = (iso: string) => {
      const d = new Date(iso);
      const withYear = d.getFullYear() !== new Date().getFullYear();
      return new Intl.DateTimeFormat(undefined, {
        month: "short",
        day: "numeric",
        ...(withYear ? { year: "numeric" } : {}),
      }).format(d);
    };
    expect(html).toContain(`found ${day(open.at)}`);
    expect(html).toContain(`settled ${day("2026-12-03T09:00:00.000Z")}`);
  });
});
