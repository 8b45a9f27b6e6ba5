import type { Metadata } from "next";
import { GanttPage } from "@/components/gantt/gantt-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Gantt · Paratrack" };

/** ?run=<id> shows a past run; by default the live run, else the newest. */
export default async function Page({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <GanttPage runId={run || "current"} />;
}
