'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef } from 'react';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { apiFetch } from '@/lib/api-client';

/** Connect / Reconnect: a plain form POST, so the browser follows our 303 to the Nxsys consent page. */
export function ConnectButton({ label, variant = 'primary' }: { label: string; variant?: 'primary' | 'secondary' }) {
  return (
    <form method="post" action="/api/nxsys/connect">
      <Button type="submit" variant={variant}>
        {label}
      </Button>
    </form>
  );
}

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
  const test = useMutation({
    mutationFn: () => apiFetch<{ ok: true }>('/api/nxsys/test', { method: 'POST' }),
    onSuccess: () => toast.success('Nxsys answered: the connection works.'),
    onError: (error) => toast.error(error.message),
    onSettled: () => router.refresh(),
  });
  return (
    <Button variant="secondary" disabled={test.isPending} onClick={() => test.mutate()}>
      {test.isPending ? 'Testing…' : 'Test connection'}
    </Button>
  );
}
