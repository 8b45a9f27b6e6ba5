import type { Metadata } from "next";
import { RetrospectivePage } from "@/components/retrospective/retrospective-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Retrospective · Paratrack" };

/** ?run=<id> shows a past run; by default the live run, else the newest. */
export default async function Page({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <RetrospectivePage runId={run || "current"} />;
}
