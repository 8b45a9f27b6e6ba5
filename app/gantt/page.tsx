import { GanttPage } from "@/components/gantt/gantt-page";

export const dynamic = "force-dynamic";

export default function Page() {
  return <GanttPage />;
}
