import { WhatIfPanel } from "@/components/planner/what-if-panel";

export const dynamic = "force-dynamic";

export default function Page() {
  return <WhatIfPanel />;
}
