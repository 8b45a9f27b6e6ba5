import type { Metadata } from "next";
import { StatusPage } from "@/components/coordination/status-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Status · Paratrack" };

/** ?run=<id> shows a past run; by default the live run, else the newest. */
export default async function Page({ searchParams }: { searchParams: Promise<{ run?: string }> }) {
  const { run } = await searchParams;
  return <StatusPage runId={run || "current"} />;
}
