import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { AppShell } from "@/components/common/app-shell";
import { pageSample } from "@/lib/engine/page-sample";
import { getEngine } from "@/lib/engine/registry";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Paratrack",
  description: "Parallel agent tracks, kept inside your RAM.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  // The engine lives in this process (server.ts); its latest sample goes into the HTML, so the gauge shows a
  // figure at first paint instead of after the scripts, the socket and a fetch. None at build time, nor with a
  // token (the page is public then).
  const initialSample = pageSample(getEngine());
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers initialSample={initialSample}>
          <AppShell>{children}</AppShell>
        </Providers>
      </body>
    </html>
  );
}
