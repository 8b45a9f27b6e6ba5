"use client";
// The overview's alert for open critical blockers (the seed: a critical blocker stops the track and alerts the lead):
// each with its track and resolution plan, and a link to the blockers board where the lead resolves it.
import Link from "next/link";
import { Card } from "../common/card";
import { useBlockersQuery } from "../data/use-blockers-query";

export function CriticalBlockersCard() {
  const blockers = useBlockersQuery();
  const critical = (blockers.data ?? []).filter((b) => b.severity === "critical" && b.resolvedAt === null);
  if (critical.length === 0) return null;
  return (
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
      <ul role="alert" className="space-y-1 text-sm" data-testid="critical-blockers">
        {critical.map((b) => (
          <li key={b.id}>
            <span className="font-medium">
              #{b.id} track {b.trackKey}:
            </span>{" "}
            {b.blocker}
            <span className="text-slate-600 dark:text-slate-300">
              {" "}
              — {b.resolutionPlan ? `plan: ${b.resolutionPlan}` : "no resolution plan"}; blocked since{" "}
              {new Date(b.raisedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}
