'use client';

import { useRouter } from 'next/navigation';
import { useRef, useTransition } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { apiFetch } from '@/lib/api-client';

export function DisconnectButton() {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} method="post" action="/api/nxsys/disconnect">
      <ConfirmDialog
        trigger={<Button variant="secondary">Disconnect</Button>}
        title="Disconnect from Nxsys?"
        description="The stored Nxsys tokens are deleted at once. Staff cannot work with candidates, rates, timesheets or payslips until an admin connects again."
        confirmLabel="Disconnect"
        variant="danger"
        onConfirm={() => form.current?.requestSubmit()}
      />
    </form>
  );
}

export function TestConnectionButton() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const test = () =>
    startTransition(async () => {
      try {
        await apiFetch<{ ok: true }>('/api/nxsys/test', { method: 'POST' });
        toast.success('Nxsys answered: the connection works.');
      } catch (error) {
        toast.error(error instanceof Error ? error.message : 'The connection could not be tested.');
      }
      router.refresh();
    });
  return (
    <Button variant="secondary" disabled={pending} onClick={test}>
      {pending ? 'Testing…' : 'Test connection'}
    </Button>
  );
}
