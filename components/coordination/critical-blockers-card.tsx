"use client";
import Link from "next/link";
import { useEffect, useRef, useState } from "react";
import type { BlockerEntry } from "@/lib/domain/coordination/blockers";
import { Card } from "../common/card";
// The overview's alert for open critical blockers (the seed: a critical blocker stops the track and alerts the lead):
// each with its track and resolution plan, and a link to the blockers board where the lead resolves it. The list is a
// plain list in a titled region; only a critical blocker raised while the page is open is announced, once and politely
// (a live region that re-read the whole list at every update would drown the page).
import { formatEventTime } from "../common/event-time";
import { useBlockersQuery } from "../data/use-blockers-query";

type Critical = Pick<BlockerEntry, "id" | "trackKey" | "blocker" | "raisedAt">;

/** A blocker's identity across runs (board ids start again at 1 in each run). */
function criticalKey(b: Pick<BlockerEntry, "id" | "raisedAt">): string {
  return `${b.id}@${b.raisedAt}`;
}

/**
 * The open critical blockers not seen before, and the seen set grown by them. The first list seen (`seen` null: the
 * page has just loaded) is the page's content, not news: nothing of it is announced.
 */
export function noticeNewCritical<T extends Critical>(
  seen: ReadonlySet<string> | null,
  critical: readonly T[],
): { seen: ReadonlySet<string>; fresh: T[] } {
  const keys = critical.map(criticalKey);
  if (seen === null) return { seen: new Set(keys), fresh: [] };
  const fresh = critical.filter((b) => !seen.has(criticalKey(b)));
  return fresh.length === 0 ? { seen, fresh } : { seen: new Set([...seen, ...keys]), fresh };
}

/** "New critical blocker on track X: the staging database is down." */
export function describeNewCritical(fresh: readonly Critical[]): string {
  return fresh.map((b) => `New critical blocker on track ${b.trackKey}: ${b.blocker}.`).join(" ");
}

function openCritical(blockers: readonly BlockerEntry[]): BlockerEntry[] {
  return blockers.filter((b) => b.severity === "critical" && b.resolvedAt === null);
}

export function CriticalBlockersCard() {
  const blockers = useBlockersQuery();
  const critical = openCritical(blockers.data ?? []);
  const seen = useRef<ReadonlySet<string> | null>(null);
  const [news, setNews] = useState("");
  useEffect(() => {
    if (!blockers.data) return;
    const noticed = noticeNewCritical(seen.current, openCritical(blockers.data));
    seen.current = noticed.seen;
    if (noticed.fresh.length > 0) setNews(describeNewCritical(noticed.fresh));
  }, [blockers.data]);
  return (
    <>
      {/* Always on the page, so what is written into it is announced (a region that appears with its text may not be). */}
      <div role="status" className="sr-only" data-testid="critical-blockers-news">
        {news}
      </div>
      {critical.length > 0 && (
        <Card
          title={`Critical blockers (${critical.length} open)`}
          labelledBy="overview-critical-blockers-heading"
          className="border-red-300 dark:border-red-800"
          actions={
            <Link
              href="/conflicts"
              className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-300"
            >
              Blockers board →
            </Link>
          }
        >
          <ul className="space-y-1 text-sm" data-testid="critical-blockers">
            {critical.map((b) => (
              <li key={b.id}>
                <span className="font-medium">
                  #{b.id} track {b.trackKey}:
                </span>{" "}
                {b.blocker}
                <span className="text-slate-600 dark:text-slate-300">
                  {" "}
                  — {b.resolutionPlan ? `plan: ${b.resolutionPlan}` : "no resolution plan"}; blocked since{" "}
                  {formatEventTime(b.raisedAt, new Date(), { withDate: true })}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
