"use client";
// Header with navigation and the live zone badge; every page renders inside it.
import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";
import { useMemoryLatestQuery } from "../hooks/use-memory-latest-query";
import { ZONE_BADGE, ZONE_LABELS } from "./zone-style";

const NAV = [
  { href: "/", label: "Overview" },
  { href: "/gantt", label: "Gantt" },
  { href: "/phases", label: "Phases" },
  { href: "/conflicts", label: "Conflicts" },
  { href: "/status", label: "Status" },
  { href: "/retrospective", label: "Retrospective" },
  { href: "/plan", label: "Planner" },
];

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const latest = useMemoryLatestQuery();
  const zone = latest.data?.zone;
  return (
    <div className="flex min-h-screen flex-col">
      <header className="sticky top-0 z-10 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-900/90">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Paratrack
          </Link>
          <nav aria-label="Main" className="flex flex-wrap gap-1 text-sm">
            {NAV.map((item) => {
              const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
              return (
                <Link
                  key={item.href}
                  href={item.href}
                  aria-current={active ? "page" : undefined}
                  className={`rounded-md px-2.5 py-1.5 ${active ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                >
                  {item.label}
                </Link>
              );
            })}
          </nav>
          <div className="ml-auto">
            {zone && (
              <span
                className={`rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${ZONE_BADGE[zone]}`}
                data-testid="header-zone"
              >
                {ZONE_LABELS[zone]} zone
              </span>
            )}
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">{children}</main>
    </div>
  );
}
