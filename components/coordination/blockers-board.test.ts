// The blockers board: a table that scrolls in its own box on a phone, a named actions column, Resolve buttons that
// say which blocker (track and words, not the board's number) and stay focusable while they wait.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BlockerEntry } from "@/lib/domain/coordination/blockers";
import { BlockersBoard, resolveLabel } from "./blockers-board";

function blocker(overrides: Partial<BlockerEntry>): BlockerEntry {
  return {
    id: 1,
    trackKey: "X",
    blocker: "the staging database is down",
    severity: "critical",
    resolutionPlan: null,
    source: "report",
    raisedAt: "2026-01-01T10:00:00.000Z",
    updatedAt: "2026-01-01T10:00:00.000Z",
    resolvedAt: null,
    resolvedBy: null,
    ...overrides,
  } as BlockerEntry;
}

function render(blockers: BlockerEntry[]): string {
  return renderToStaticMarkup(
    createElement(
      QueryClientProvider,
      { client: new QueryClient() },
      createElement(BlockersBoard, { blockers, live: true }),
    ),
  );
}

describe("BlockersBoard", () => {
  const html = render([
    blocker({ id: 5 }),
    blocker({ id: 6, trackKey: "Y", blocker: "a flaky test", severity: "low" }),
  ]);

  it("names each Resolve by the blocker's track and words", () => {
    expect(resolveLabel({ trackKey: "X", blocker: "the staging database is down" })).toBe(
      "Resolve blocker of track X: the staging database is down",
    );
    expect(html).toContain('aria-label="Resolve blocker of track X: the staging database is down"');
    expect(html).toContain('aria-label="Resolve blocker of track Y: a flaky test"');
    expect(html).not.toContain('aria-label="Resolve blocker 5"');
  });

  it("gives the actions column a (visually hidden) header", () => {
    expect(html).toMatch(/<th scope="col" class="relative py-1"><span class="sr-only">Actions<\/span><\/th>/);
  });

  it("puts the table in a scroll box, and no button is disabled (focus would fall to the page)", () => {
    expect(html).toContain('role="group" aria-label="Blockers board"');
    expect(html).not.toContain(' disabled=""');
  });
});
