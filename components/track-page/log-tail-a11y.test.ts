// The track log: silent to screen readers until the reader asks for new lines, and stderr and Paratrack's own lines
// marked in words, not only in colour.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { makeTrackView } from "@/lib/domain/view-fixtures";
import type { TrackDetailView } from "@/lib/domain/views";
import { LogRow, LogTail } from "./log-tail";

const line = (stream: "stdout" | "stderr" | "system", text: string) =>
  renderToStaticMarkup(
    createElement(LogRow, {
      entry: { id: 1, trackKey: "A", agent: "alpha", stream, line: text, at: "2026-01-01T10:00:00.000Z" },
    }),
  );

describe("LogRow", () => {
  it("marks a stderr line with the word stderr", () => {
    const html = line("stderr", "boom");
    expect(html).toContain(">stderr: </span>boom");
    expect(html).toContain('data-stream="stderr"');
  });

  it("marks Paratrack's own lines with its name", () => {
    expect(line("system", "agent exited with code 0")).toContain(">Paratrack: </span>agent exited");
  });

  it("adds nothing to an ordinary line", () => {
    expect(line("stdout", "hello")).not.toContain("log-line-marker");
  });
});

describe("the live log", () => {
  const track: TrackDetailView = { ...makeTrackView("A"), agents: [], reports: [], events: [] };
  const html = renderToStaticMarkup(
    createElement(QueryClientProvider, { client: new QueryClient() }, createElement(LogTail, { track })),
  );

  it("is a log that does not announce its lines at first", () => {
    expect(html).toMatch(/role="log" aria-live="off" aria-label="Log of track A"/);
  });

  it("offers to announce new lines, off at first", () => {
    expect(html).toContain("Announce new lines");
    expect(html).toMatch(/<input [^>]*type="checkbox"[^>]*data-testid="log-announce"/);
    expect(html).not.toMatch(/data-testid="log-announce"[^>]*checked/);
  });
});
