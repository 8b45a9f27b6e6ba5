"use client";
// A chart is one named image (role="img" with its figures in the label): nothing inside it belongs in the tab order.
// Chromium's Tab reaches recharts 3's z-index layers (bare <g>, tabIndex -1, no tabindex attribute) even with the
// chart's accessibility layer off; an explicit tabindex="-1" takes them out. recharts redraws them on updates, so
// they are taken out as they appear.
import { useCallback, useRef } from "react";

/** Gives every SVG element without a tabindex, and every other element Tab would reach, tabindex="-1". */
function removeTabStops(root: Element): void {
  for (const element of root.querySelectorAll<HTMLElement | SVGElement>("*")) {
    const isBareSvg = element instanceof SVGElement && !element.hasAttribute("tabindex");
    if (isBareSvg || element.tabIndex >= 0) element.setAttribute("tabindex", "-1");
  }
}

/** A ref for a chart's container: its descendants never become tab stops, now or after a redraw. */
export function useNoTabStops<T extends Element>(): (element: T | null) => void {
  const observer = useRef<MutationObserver | null>(null);
  return useCallback((element: T | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (element === null) return;
    removeTabStops(element);
    observer.current = new MutationObserver(() => removeTabStops(element));
    observer.current.observe(element, { childList: true, subtree: true });
  }, []);
}
