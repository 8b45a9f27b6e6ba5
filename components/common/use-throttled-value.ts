"use client";
// A value that follows another at most once per interval, and not at all while the tab is hidden, so a costly
// child (a chart) redraws a few times a minute however often its data changes.
import { useEffect, useRef, useState } from "react";
import { usePageVisible } from "./use-page-visible";

/** The first value at once; later ones at most once per `intervalMs` (the newest wins); frozen while hidden. */
export function useThrottledValue<T>(value: T, intervalMs: number): T {
  const isVisible = usePageVisible();
  const [shown, setShown] = useState(value);
  const shownAt = useRef(0);
  const isEmpty = shown === undefined || (Array.isArray(shown) && shown.length === 0);
  useEffect(() => {
    if (!isVisible || Object.is(value, shown)) return;
    const show = () => {
      shownAt.current = Date.now();
      setShown(value);
    };
    // Nothing drawn yet: draw now rather than leave an empty chart for a whole interval.
    const wait = isEmpty ? 0 : shownAt.current + intervalMs - Date.now();
    if (wait <= 0) {
      show();
      return;
    }
    const timer = setTimeout(show, wait);
    return () => clearTimeout(timer);
  }, [value, shown, isEmpty, isVisible, intervalMs]);
  return shown;
}
