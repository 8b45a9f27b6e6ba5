"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { type ReactNode, useState } from "react";
import { useRealtimeSync } from "@/components/data/use-realtime-sync";

function RealtimeSync() {
  useRealtimeSync();
  return null;
}

export function Providers({ children }: { children: ReactNode }) {
  // Server data arrives over the socket; React Query never polls.
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: Number.POSITIVE_INFINITY, refetchOnWindowFocus: false, retry: 1 },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <RealtimeSync />
      {children}
    </QueryClientProvider>
  );
}
