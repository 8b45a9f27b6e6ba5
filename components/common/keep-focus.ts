"use client";
// Keyboard focus that does not fall to the page. A control that waits for its request stays focusable
// (aria-disabled, its clicks ignored, as the track buttons do); one that goes away once the request has done its
// work (an acknowledged handoff's button, a resolved blocker's) hands focus on to what replaced it.

/** Classes for a control that may not be used now but stays focusable (aria-disabled): dimmed, the pointer says no. */
export const UNAVAILABLE_STYLE = "aria-disabled:cursor-not-allowed aria-disabled:opacity-40";

/** How long a control is watched for its removal: a request and the refetch after it, with room to spare. */
const WATCH_MS = 30_000;

/** True when nothing on the page holds focus (it fell to the body with the element that held it). */
export function isFocusLost(doc: Pick<Document, "activeElement" | "body" | "documentElement">): boolean {
  const active = doc.activeElement;
  return active === null || active === doc.body || active === doc.documentElement;
}

/** Focuses an element, first making it focusable by script (tabindex -1) when it is not (a section, a paragraph). */
export function focusElement(element: HTMLElement): void {
  if (!element.hasAttribute("tabindex") && element.tabIndex < 0) element.tabIndex = -1;
  element.focus();
}

/**
 * Once `control` has left the page, focuses what `pick` finds then, if focus fell to the body with the control (a
 * lead who has moved on keeps their place). `pick` may find nothing yet: it is asked again at each change of the page
 * until it does or the watch ends. Returns a function that ends the watch early. Outlives the component that calls it,
 * which is the point: the control's component is often the one that goes.
 */
export function keepFocusWhenRemoved(
  control: Element | null | undefined,
  pick: () => HTMLElement | null | undefined,
  watchMs = WATCH_MS,
): () => void {
  if (!control || typeof MutationObserver === "undefined") return () => {};
  const observer = new MutationObserver(() => {
    if (control.isConnected) return;
    if (!isFocusLost(document)) {
      stop();
      return;
    }
    const target = pick();
    if (!target) return;
    stop();
    focusElement(target);
  });
  const timer = setTimeout(() => stop(), watchMs);
  function stop() {
    observer.disconnect();
    clearTimeout(timer);
  }
  observer.observe(document.body, { childList: true, subtree: true });
  return stop;
}

/**
 * The order in which to try the items left once `current` has gone: those after it first (the lead works down the
 * list), then those before it, nearest first. `current` itself is not among them.
 */
export function nextInLine<T>(items: readonly T[], current: T): T[] {
  const at = items.indexOf(current);
  if (at < 0) return [...items];
  return [...items.slice(at + 1), ...items.slice(0, at).reverse()];
}
