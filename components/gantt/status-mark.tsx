// The narrow label column's stand-in for a track's status word: small SVG shapes in the text's colour, since
// symbol glyphs (▶ ⏸ ✓) depend on fonts a browser may lack (Debian's Chromium drew ⏸ as a box).
import type { ReactNode } from "react";
import type { TrackStatus } from "@/lib/domain/types";

const SHAPES: Record<Exclude<TrackStatus, "ready">, ReactNode> = {
  pending: (
    <g fill="currentColor">
      <circle cx="2" cy="9" r="1" />
      <circle cx="5" cy="9" r="1" />
      <circle cx="8" cy="9" r="1" />
    </g>
  ),
  running: <path d="M2 2 L9 5 L2 8 Z" fill="currentColor" />,
  paused: (
    <g fill="currentColor">
      <rect x="2" y="2" width="2.2" height="6" />
      <rect x="5.8" y="2" width="2.2" height="6" />
    </g>
  ),
  completed: <path d="M1.5 5.5 L4 8 L8.5 2" fill="none" stroke="currentColor" strokeWidth="1.6" />,
  failed: <path d="M2 2 L8 8 M8 2 L2 8" fill="none" stroke="currentColor" strokeWidth="1.6" />,
  stopped: <rect x="2" y="2" width="6" height="6" fill="currentColor" />,
};

/** A 10 px shape for the status, named for screen readers; "ready" stays a word (it has no common shape). */
export function StatusMark({ status }: { status: TrackStatus }) {
  if (status === "ready") return <>ready</>;
  return (
    <svg width="10" height="10" viewBox="0 0 10 10" role="img" aria-label={status} className="inline-block">
      <title>{status}</title>
      {SHAPES[status]}
    </svg>
  );
}
