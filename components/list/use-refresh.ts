'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useTransition } from 'react';

/**
 * Reads the page again on the server (router.refresh in a transition): after a change, or to try a failed read
 * again. What is on screen stays until the fresh page is there; `refreshing` says it is on its way.
 */
export function useRefresh() {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const refresh = useCallback(() => startTransition(() => router.refresh()), [router]);
  return { refresh, refreshing };
}
