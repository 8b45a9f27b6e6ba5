"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TrackView } from "@/lib/domain/views";
import { queryKeys } from "./query-keys";

/** The server refused a report: its message and, for a malformed one, the list of problems (`details`). */
export class ReportRejectedError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: unknown,
  ) {
    super(message);
    this.name = "ReportRejectedError";
  }
}

/** POSTs a daily-status report (the seed's fields as JSON) for a track; succeeds once the track is refetched. */
export function useReportMutation(key: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (report: Record<string, unknown>) => postReport(key, report),
    // Returned, so the mutation settles only once the page shows the new report.
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.track(key), exact: true }),
  });
}

// fetchJson keeps only the message; the form needs `details` to list every problem.
async function postReport(key: string, report: Record<string, unknown>): Promise<TrackView> {
  const headers = new Headers({ "content-type": "application/json" });
  const token = window.localStorage.getItem("paratrack.token");
  if (token) headers.set("authorization", `Bearer ${token}`);
  const response = await fetch(`/api/tracks/${encodeURIComponent(key)}/report`, {
    method: "POST",
    headers,
    body: JSON.stringify(report),
  });
  const body = (await response.json().catch(() => null)) as { error?: unknown; details?: unknown } | null;
  if (!response.ok) {
    const message =
      typeof body?.error === "string" ? body.error : `${response.status} ${response.statusText}`;
    throw new ReportRejectedError(message, response.status, body?.details);
  }
  return body as TrackView;
}
