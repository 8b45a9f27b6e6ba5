// A scroll box is a tab stop only while it has something to scroll, and shows which side has more.
import { type ComponentProps, createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { readScrollEdges, ScrollBox } from "./scroll-box";

describe("readScrollEdges", () => {
  it("does not scroll when the content fits (no tab stop at 1280 px)", () => {
    expect(readScrollEdges({ scrollWidth: 900, clientWidth: 900, scrollLeft: 0 })).toEqual({
      canScroll: false,
      hasMoreLeft: false,
      hasMoreRight: false,
    });
    // Sub-pixel rounding is not overflow.
    expect(readScrollEdges({ scrollWidth: 901, clientWidth: 900, scrollLeft: 0 }).canScroll).toBe(false);
  });

  it("scrolls when the content is wider, with more to the right at first (a table at 390 px)", () => {
    expect(readScrollEdges({ scrollWidth: 720, clientWidth: 358, scrollLeft: 0 })).toEqual({
      canScroll: true,
      hasMoreLeft: false,
      hasMoreRight: true,
    });
  });

  it("has more on both sides in the middle, and only to the left at the end", () => {
    expect(readScrollEdges({ scrollWidth: 720, clientWidth: 358, scrollLeft: 100 })).toMatchObject({
      hasMoreLeft: true,
      hasMoreRight: true,
    });
    expect(readScrollEdges({ scrollWidth: 720, clientWidth: 358, scrollLeft: 362 })).toMatchObject({
      hasMoreLeft: true,
      hasMoreRight: false,
    });
  });

  it("is no tab stop when visually hidden (sr-only: 1 px wide, clipped)", () => {
    expect(readScrollEdges({ scrollWidth: 720, clientWidth: 1, scrollLeft: 0 }).canScroll).toBe(false);
    expect(
      readScrollEdges({ scrollWidth: 720, clientWidth: 358, scrollLeft: 0, isClipped: true }).canScroll,
    ).toBe(false);
  });
});

describe("ScrollBox as first rendered", () => {
  // The children go as createElement's third argument, which the props' type does not see.
  const props = { label: "Runs", className: "mt-2", testId: "box" } as ComponentProps<typeof ScrollBox>;
  const html = renderToStaticMarkup(createElement(ScrollBox, props, createElement("table")));

  it("is a labelled group, not yet a tab stop (it is measured once on the page)", () => {
    expect(html).toContain('role="group"');
    expect(html).toContain('aria-label="Runs"');
    expect(html).not.toContain("tabindex");
  });

  it("puts the caller's classes on the outer box and the test id on the scrolling one", () => {
    expect(html).toMatch(/^<div class="mt-2">/);
    expect(html).toMatch(/<div role="group" aria-label="Runs" data-testid="box" class="overflow-x-auto">/);
  });
});
