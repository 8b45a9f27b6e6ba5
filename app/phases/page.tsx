import type { Metadata } from "next";
import { PhasesPage } from "@/components/phases/phases-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Phases · Paratrack" };

/** ?run=<id> shows a past run; by default the live run, else the newest. */
export default async function Page({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <PhasesPage runId={run || "current"} />;
}
