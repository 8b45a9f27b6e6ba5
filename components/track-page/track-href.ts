// Where a track's page is. Without a run it shows the live run's track (else the newest run's); a past run's pages
// (the Gantt, the track page's own links) name their run, or the link would open another run's track of that key.

export function trackHref(key: string, runId: string | null = null): string {
  return `/tracks/${encodeURIComponent(key)}${runId ? `?run=${encodeURIComponent(runId)}` : ""}`;
}
