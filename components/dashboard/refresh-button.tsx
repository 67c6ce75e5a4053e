'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { apiFetch } from '@/lib/api-client';

/** The dashboard keeps Nxsys's figures for 30 seconds; this asks Nxsys again now. */
export function RefreshDashboardButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const refresh = () =>
    startTransition(async () => {
      try {
        await apiFetch('/api/dashboard/refresh', { method: 'POST' });
        router.refresh();
      } catch (error) {
        toast.error(error instanceof Error ? error.message : 'The dashboard could not be refreshed.');
      }
    });
  return (
    <Button variant="secondary" onClick={refresh} disabled={pending} aria-busy={pending}>
      {pending ? 'Refreshing…' : 'Refresh'}
    </Button>
  );
}
