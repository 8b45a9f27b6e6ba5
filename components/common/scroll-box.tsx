"use client";
import { type ReactNode, type Ref, useCallback, useEffect, useRef, useState } from "react";

/** What a box's sideways scroll allows now: whether it scrolls at all, and which way there is more to see. */
export type ScrollEdges = { canScroll: boolean; hasMoreLeft: boolean; hasMoreRight: boolean };

const NO_SCROLL: ScrollEdges = { canScroll: false, hasMoreLeft: false, hasMoreRight: false };

/**
 * Reads a box's sideways scroll (1 px of slack for rounding). A box 1 px wide or less is a visually hidden one (sr-only):
 * it holds content for screen readers, not something to scroll.
 */
export function readScrollEdges(box: {
  scrollWidth: number;
  clientWidth: number;
  scrollLeft: number;
  isClipped?: boolean;
}): ScrollEdges {
  const max = box.scrollWidth - box.clientWidth;
  if (box.isClipped || box.clientWidth <= 1 || max <= 1) return NO_SCROLL;
  return { canScroll: true, hasMoreLeft: box.scrollLeft > 1, hasMoreRight: box.scrollLeft < max - 1 };
}

function sameEdges(a: ScrollEdges, b: ScrollEdges): boolean {
  return a.canScroll === b.canScroll && a.hasMoreLeft === b.hasMoreLeft && a.hasMoreRight === b.hasMoreRight;
}

function assignRef<T>(ref: Ref<T> | undefined, value: T | null) {
  if (typeof ref === "function") ref(value);
  else if (ref) ref.current = value;
}

/**
 * A box that scrolls sideways (wide tables on a phone). Only while its content is wider than it is it takes a tab stop,
 * so keyboard users can focus and scroll it (arrow keys), and shows a shadow on the side with more to see; a box with
 * nothing to scroll is not a stop in the tab order. `className` styles the outer box; `ref` and `testId` are the
 * scrolling one's.
 */
export function ScrollBox(props: {
  label: string;
  children: ReactNode;
  className?: string;
  id?: string;
  ref?: Ref<HTMLDivElement>;
  testId?: string;
  onPointerLeave?: () => void;
}) {
  const box = useRef<HTMLDivElement | null>(null);
  const [edges, setEdges] = useState<ScrollEdges>(NO_SCROLL);
  // Inside a visually hidden box (sr-only, 1 px wide) it clips instead of scrolling: a scrollable region no one can
  // see or focus is what axe (rightly) calls one keyboard users cannot reach.
  const [isHidden, setHidden] = useState(false);
  const outerRef = props.ref;
  const setBox = useCallback(
    (element: HTMLDivElement | null) => {
      box.current = element;
      assignRef(outerRef, element);
    },
    [outerRef],
  );

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const update = () => {
      // Its overflow is its own (hidden only while it is 1 px wide), so the widths alone say whether it scrolls.
      const next = readScrollEdges({
        scrollWidth: element.scrollWidth,
        clientWidth: element.clientWidth,
        scrollLeft: element.scrollLeft,
      });
      setEdges((previous) => (sameEdges(previous, next) ? previous : next));
      setHidden(element.clientWidth <= 1);
    };
    // The box's own width (the window, the layout) and its content's (rows coming and going, a zoomed chart).
    const resize = new ResizeObserver(update);
    const observeAll = () => {
      resize.disconnect();
      resize.observe(element);
      for (const child of element.children) resize.observe(child);
    };
    observeAll();
    const children = new MutationObserver(() => {
      observeAll();
      update();
    });
    children.observe(element, { childList: true });
    element.addEventListener("scroll", update, { passive: true });
    update();
    return () => {
      resize.disconnect();
      children.disconnect();
      element.removeEventListener("scroll", update);
    };
  }, []);

  return (
    // The outer box takes the caller's classes (sr-only among them); the inner one places the shadows.
    <div className={props.className}>
      <div className="relative">
        <div
          ref={setBox}
          id={props.id}
          role="group"
          aria-label={props.label}
          // A tab stop only while there is something to scroll: a box that scrolls must take focus to be scrolled by keys.
          tabIndex={edges.canScroll ? 0 : undefined}
          data-testid={props.testId}
          data-scrolls={edges.canScroll ? "true" : undefined}
          onPointerLeave={props.onPointerLeave}
          className={isHidden ? "overflow-hidden" : "overflow-x-auto"}
        >
          {props.children}
        </div>
        {edges.hasMoreLeft && (
          <div
            aria-hidden="true"
            className="pointer-events-none absolute inset-y-0 left-0 w-6 bg-linear-to-r from-slate-900/20 to-transparent dark:from-black/70"
          />
        )}
        {edges.hasMoreRight && (
          <div
            aria-hidden="true"
            data-testid="scroll-more-right"
            className="pointer-events-none absolute inset-y-0 right-0 w-6 bg-linear-to-l from-slate-900/20 to-transparent dark:from-black/70"
          />
        )}
      </div>
    </div>
  );
}
