// A track's progress as an accessible bar, shared by the overview card and the track page.
import type { TrackStatus } from "@/lib/domain/types";

export function TrackProgressBar(props: {
  trackKey: string;
  status: TrackStatus;
  progress: number;
  heightClass?: string;
}) {
  const fill =
    props.status === "failed"
      ? "bg-red-500"
      : props.status === "completed"
        ? "bg-green-500"
        : "bg-blue-600 dark:bg-blue-500";
  return (
    <div
      role="progressbar"
      aria-label={`Progress of track ${props.trackKey}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={props.progress}
      className={`${props.heightClass ?? "h-2"} flex-1 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800`}
    >
      <div
        className={`h-full rounded-full transition-[width] duration-500 ${fill}`}
        style={{ width: `${props.progress}%` }}
      />
    </div>
  );
}
