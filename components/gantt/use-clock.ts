"use client";
// A ticking clock and an element's width, for the Gantt's now-line and its zoom scale.
import { type RefObject, useEffect, useState } from "react";

/** Date.now(), refreshed every `intervalMs` while `isTicking`. */
export function useClock(intervalMs: number, isTicking: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    setNow(Date.now());
    if (!isTicking) return;
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, isTicking]);
  return now;
}

/** The element's content width in px, following resizes (0 before layout). */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
