import type { Metadata } from "next";
import { WhatIfPanel } from "@/components/planner/what-if-panel";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Planner · Paratrack" };

export default function Page() {
  return <WhatIfPanel />;
}
