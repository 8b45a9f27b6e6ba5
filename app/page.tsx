import { OverviewDashboard } from "@/components/overview/overview-dashboard";

export const dynamic = "force-dynamic";

export default function OverviewPage() {
  return <OverviewDashboard />;
}
