import type { Metadata } from "next";
import { OverviewDashboard } from "@/components/overview/overview-dashboard";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Overview · Paratrack" };

export default function OverviewPage() {
  return <OverviewDashboard />;
}
