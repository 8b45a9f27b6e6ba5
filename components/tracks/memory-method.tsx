// How a track's or agent's memory was measured, with what that means on hover.
import type { TrackView } from "@/lib/domain/views";

const MEANING: Record<NonNullable<TrackView["memoryMethod"]>, string> = {
  pss: "PSS: each process's own memory plus its share of pages it shares with others",
  rss: "RSS: resident memory, shared pages counted in full (PSS could not be read)",
  mixed: "Mixed: PSS for the processes it could be read for, RSS (shared pages in full) for the others",
};

export function MemoryMethod(props: { method: TrackView["memoryMethod"]; className?: string }) {
  if (!props.method) return null;
  return (
    <abbr
      title={MEANING[props.method]}
      className={`ml-1 text-xs font-normal uppercase text-slate-600 no-underline dark:text-slate-300 ${props.className ?? ""}`}
    >
      {props.method}
    </abbr>
  );
}
