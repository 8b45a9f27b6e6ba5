import type { Metadata } from "next";
import { RunsPage } from "@/components/runs/runs-page";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Runs · Paratrack" };

export default function Page() {
  return <RunsPage />;
}
