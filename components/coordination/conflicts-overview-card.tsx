"use client";
// The overview's conflicts card: open conflicts with their files and recommendation, and a link to rule on them.
import Link from "next/link";
import { Card } from "../common/card";
import { useConflictsQuery } from "../data/use-conflicts-query";
import { ConflictCard } from "./conflict-card";

export function ConflictsOverviewCard() {
  const conflicts = useConflictsQuery();
  const open = (conflicts.data ?? []).filter((c) => c.state === "open");
  if (open.length === 0) return null;
  return (
    <Card
      title={`Conflicts (${open.length} open)`}
      labelledBy="overview-conflicts-heading"
      actions={
        <Link
          href="/conflicts"
          className="text-sm font-medium text-sky-700 hover:underline dark:text-sky-300"
        >
          Rule on them →
        </Link>
      }
    >
      <div className="grid gap-3 lg:grid-cols-2">
        {open.slice(0, 4).map((c) => (
          <ConflictCard key={c.id} conflict={c} compact />
        ))}
      </div>
    </Card>
  );
}
