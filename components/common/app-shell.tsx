"use client";
// Header with a skip link, navigation and the live zone badge; every page renders inside it. The header also says
// when the server is gone, and the shell holds the page's one polite live region.
import Link from "next/link";
import { usePathname } from "next/navigation";
import { type ReactNode, useEffect, useRef } from "react";
import type { MemorySample } from "@/lib/domain/types";
import { useMemoryLatestQuery } from "../data/use-memory-latest-query";
import { ConnectionBanner } from "./connection-banner";
import { LiveAnnouncer } from "./live-announcer";
import { DASHBOARD_PAGES } from "./pages";
import { TokenSignIn } from "./token-sign-in";
import { ZONE_BADGE, ZONE_LABELS } from "./zone-style";

const selectZone = (sample: MemorySample) => sample.zone;

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // The zone only: the header re-renders when the zone changes, not on every sample.
  const zone = useMemoryLatestQuery(selectZone).data;
  const nav = useRef<HTMLElement>(null);
  const header = useRef<HTMLElement>(null);
  // The sticky header's height, banner included, for html's scroll-padding-top (globals.css): tabbing backwards
  // then scrolls the focused element clear of the header rather than under it.
  useEffect(() => {
    const box = header.current;
    if (!box || typeof ResizeObserver === "undefined") return;
    const root = document.documentElement;
    const observer = new ResizeObserver(() =>
      root.style.setProperty("--pt-header-height", `${box.getBoundingClientRect().height}px`),
    );
    observer.observe(box);
    return () => {
      observer.disconnect();
      root.style.removeProperty("--pt-header-height");
    };
  }, []);
  // On a phone the row of links scrolls sideways: bring the current page's link into view, or a page at the
  // row's end (Retrospective, Runs, Planner) shows no highlighted link at all.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the link marked current changes with the path.
  useEffect(() => {
    const box = nav.current;
    const current = box?.querySelector('[aria-current="page"]');
    if (!box || !current) return;
    const outer = box.getBoundingClientRect();
    const inner = current.getBoundingClientRect();
    if (inner.right > outer.right) box.scrollLeft += inner.right - outer.right + 16;
    else if (inner.left < outer.left) box.scrollLeft -= outer.left - inner.left + 16;
  }, [pathname]);
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-slate-900 px-3 py-2 text-sm font-semibold text-white focus:not-sr-only focus:fixed focus:top-2 focus:left-2 dark:bg-slate-100 dark:text-slate-900"
      >
        Skip to main content
      </a>
      <header
        ref={header}
        className="border-b border-slate-200 bg-white/90 backdrop-blur sm:sticky sm:top-0 sm:z-10 dark:border-slate-800 dark:bg-slate-900/90"
      >
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-6 gap-y-1 px-4 py-2 sm:py-3">
          <Link href="/" className="tap text-lg font-bold tracking-tight">
            Paratrack
          </Link>
          <div className="ml-auto sm:order-last">
            {zone && (
              <span
                className={`rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${ZONE_BADGE[zone]}`}
                data-testid="header-zone"
              >
                {/* Read out of context the badge would only say a colour. */}
                <span className="sr-only">Memory: </span>
                {ZONE_LABELS[zone]} zone
              </span>
            )}
          </div>
          {/* On a phone the links scroll sideways in one row rather than wrap into three. */}
          <nav
            ref={nav}
            aria-label="Main"
            className="-mx-4 w-[calc(100%+2rem)] overflow-x-auto px-4 sm:mx-0 sm:w-auto"
          >
            <ul className="flex gap-1 text-sm">
              {DASHBOARD_PAGES.map((item) => {
                const active = item.href === "/" ? pathname === "/" : pathname.startsWith(item.href);
                return (
                  <li key={item.href} className="shrink-0">
                    <Link
                      href={item.href}
                      aria-current={active ? "page" : undefined}
                      className={`tap rounded-md px-2.5 ${active ? "bg-slate-900 text-white dark:bg-slate-100 dark:text-slate-900" : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
                    >
                      {item.label}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
        </div>
        <ConnectionBanner />
      </header>
      <LiveAnnouncer />
      <main
        id="main"
        tabIndex={-1}
        className="mx-auto w-full max-w-7xl flex-1 px-4 py-4 outline-none sm:py-6"
      >
        <TokenSignIn />
        {children}
      </main>
    </div>
  );
}
