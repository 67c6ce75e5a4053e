'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';

/**
 * react-query for the sections whose pages use it (their layout.tsx, e.g. app/(app)/candidates/layout.tsx) and the
 * search dialog; other pages load none of it.
 */
export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // Our routes already retry upstream faults where safe; a second layer of retries would only delay
          // the honest error message.
          queries: { retry: false, staleTime: 30_000, refetchOnWindowFocus: false },
        },
      }),
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
