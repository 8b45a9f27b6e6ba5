"use client";
// A value that follows another at most once per interval, and not at all while nobody can see it (a hidden tab,
// or scrolled out of view), so a costly child (a chart) redraws a few times a minute however often its data
// changes, and not at all for a tab left open in the background for days.
import { type RefObject, useEffect, useRef, useState } from "react";
import { usePageVisible } from "./use-page-visible";

/** Whether the element is (near) the viewport; true until measured, and where IntersectionObserver is missing. */
export function useIsOnScreen(ref: RefObject<Element | null>): boolean {
  const [isOnScreen, setOnScreen] = useState(true);
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver(
      (entries) => setOnScreen(entries.some((e) => e.isIntersecting)),
      {
        rootMargin: "200px",
      },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return isOnScreen;
}

/**
 * The first value at once; later ones at most once per `intervalMs` (the newest wins). Frozen while the tab is
 * hidden or `isShown` is false, and brought up to date as soon as it is seen again.
 */
export function useThrottledValue<T>(value: T, intervalMs: number, isShown = true): T {
  const isVisible = usePageVisible() && isShown;
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  const wasVisible = useRef(isVisible);
  const isEmpty = shown === undefined || (Array.isArray(shown) && shown.length === 0);
  useEffect(() => {
    const cameBack = isVisible && !wasVisible.current;
    wasVisible.current = isVisible;
    if (!isVisible || Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = Date.now();
      setShown(value);
    };
    // Nothing drawn yet, or just seen again: draw now rather than show stale data for a whole interval.
    const wait = isEmpty || cameBack ? 0 : shownAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, isEmpty, isVisible, intervalMs]);
  return shown;
}
