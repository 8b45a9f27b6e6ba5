import type { Metadata } from "next";
import { ConflictsPage } from "@/components/coordination/conflicts-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Conflicts · Paratrack" };

/** ?run=<id> shows a past run; by default the live run, else the newest. */
export default async function Page({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <ConflictsPage runId={run || "current"} />;
}
