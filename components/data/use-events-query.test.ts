// The overview's events and decisions are one run's: the request names the run, and a pushed event joins only
// its own run's list.
import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { PtEvent } from "@/lib/domain/types";
import type { PushContext } from "./push";
import { queryKeys } from "./query-keys";
import { decisionsSync } from "./use-decisions-query";
import { eventsSync, runEventsUrl } from "./use-events-query";

function event(id: number, runId: string | null, kind = "track:started"): PtEvent {
  return {
    id,
    at: "2026-01-01T00:00:00.000Z",
    kind,
    severity: "info",
    message: `event ${id}`,
    runId,
    trackKey: "A",
    actor: "system",
    details: null,
  };
}

function push(client: QueryClient, e: PtEvent) {
  const context: PushContext = { client, refetchSoon: () => undefined };
  eventsSync.push["event:created"]?.(context, e);
  decisionsSync.push["event:created"]?.(context, e);
}

const ids = (list: PtEvent[] | undefined) => list?.map((e) => e.id);

describe("runEventsUrl", () => {
  it("asks for the run's events only, with the kind prefix when given", () => {
    expect(runEventsUrl("run-2", 50)).toBe("/api/events?limit=50&runId=run-2");
    expect(runEventsUrl("run 2", 100, "governor:")).toBe(
      "/api/events?limit=100&runId=run+2&kind=governor%3A",
    );
  });

  it("asks for every event when there is no run", () => {
    expect(runEventsUrl(null, 50)).toBe("/api/events?limit=50");
  });
});

describe("event:created pushes", () => {
  it("join the list of their own run, never another run's", () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.events("run-1"), [event(1, "run-1")]);
    client.setQueryData(queryKeys.events("run-2"), [event(2, "run-2")]);
    client.setQueryData(queryKeys.decisions("run-2"), []);
    push(client, event(3, "run-1", "governor:start"));
    push(client, event(4, "run-2"));
    expect(ids(client.getQueryData(queryKeys.events("run-1")))).toEqual([3, 1]);
    expect(ids(client.getQueryData(queryKeys.events("run-2")))).toEqual([4, 2]);
    expect(ids(client.getQueryData(queryKeys.decisions("run-2")))).toEqual([]);
    push(client, event(5, "run-2", "governor:start"));
    expect(ids(client.getQueryData(queryKeys.decisions("run-2")))).toEqual([5]);
    expect(ids(client.getQueryData(queryKeys.events("run-2")))).toEqual([5, 4, 2]);
  });

  it("of no run join the list shown before any run", () => {
    const client = new QueryClient();
    client.setQueryData(queryKeys.events(null), []);
    client.setQueryData(queryKeys.events("run-1"), []);
    push(client, event(1, null, "preflight:checked"));
    expect(ids(client.getQueryData(queryKeys.events(null)))).toEqual([1]);
    expect(ids(client.getQueryData(queryKeys.events("run-1")))).toEqual([]);
  });
});
