import type { Metadata } from "next";
import { TrackPage } from "@/components/track-page/track-page";

export const dynamic = "force-dynamic";

type Params = { params: Promise<{ key: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { key } = await params;
  return { title: `Track ${decodeURIComponent(key)} · Paratrack` };
}

export default async function TrackRoute({ params }: Params) {
  const { key } = await params;
  return <TrackPage trackKey={decodeURIComponent(key)} />;
}
