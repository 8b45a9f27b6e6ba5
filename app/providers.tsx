"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { queryKeys } from "@/components/data/query-keys";
import { useRealtimeSync } from "@/components/data/use-realtime-sync";
import type { MemorySample } from "@/lib/domain/types";

function RealtimeSync() {
  useRealtimeSync();
  return null;
}

/**
 * React Query for the whole app, kept current by the socket (never polled). `initialSample` is the engine's
 * latest sample at the time the server rendered the page: the gauge is in the HTML before any script runs.
 */
export function Providers({
  children,
  initialSample,
}: {
  children: ReactNode;
  initialSample: MemorySample | null;
}) {
  const [client] = useState(() => {
    const created = new QueryClient({
      defaultOptions: {
        queries: { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, retry: 1 },
      },
    });
    if (initialSample)
      created.setQueryData(queryKeys.memoryLatest(), initialSample, {
        updatedAt: Date.parse(initialSample.at),
      });
    return created;
  });
  return (
    <QueryClientProvider client={client}>
      <RealtimeSync />
      {children}
    </QueryClientProvider>
  );
}
