import type { Metadata } from "next";
import { TrackPage } from "@/components/track-page/track-page";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ key: string }> };
type Search = { searchParams: Promise<{ run?: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { key } = await params;
  return { title: `Track ${decodeURIComponent(key)} · Paratrack` };
}

/** ?run=<id> shows the track of a past run; by default the live run's, else the newest run's. */
export default async function TrackRoute({ params, searchParams }: Params & Search) {
  const { key } = await params;
  const { run } = await searchParams;
  // Keyed by the run: another run's track starts with its own state (picked attempt, reports shown).
  return <TrackPage key={run ?? "current"} trackKey={decodeURIComponent(key)} run={run || undefined} />;
}
