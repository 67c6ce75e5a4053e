'use client';

import { toast } from '@/components/ui/toast';
import { DataList } from '@/components/list/data-list';
import { Button } from '@/components/ui/button';
import { useApiForm } from '@/components/forms/use-api-form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import { ukNumericDateTime } from '@/lib/dates';
import type { NewInvitation, PendingInvitation } from '@/lib/invitations/schema';
import { useAction } from '@/components/list/use-action';
import { useRefresh } from '@/components/list/use-refresh';

/**
 * Invite colleagues by e-mail; pending invitations (as the server page read them) can be resent (a new link) or
 * revoked. After a change the page is read again (router.refresh).
 */
export function Invitations({ invitations }: { invitations: PendingInvitation[] }) {
  const { refresh, refreshing } = useRefresh();
  const resend = useAction(
    (id: string) => apiFetch<{ data: PendingInvitation }>(`/api/invitations/${encodeURIComponent(id)}/resend`, { method: 'POST' }),
    ({ data }) => toast.success(`A new invitation is on its way to ${data.email}. The previous link no longer works.`),
    refresh,
  );
  const revoke = useAction(
    async (invitation: PendingInvitation) => {
      await apiFetch(`/api/invitations/${encodeURIComponent(invitation.id)}`, { method: 'DELETE' });
      return invitation;
    },
    (invitation) => toast.success(`The invitation to ${invitation.email} is revoked.`),
    refresh,
  );

  return (
    <div className="mt-6 grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card padded={false} className="self-start overflow-hidden">
        <h2 className="px-4 pt-4 font-medium">Pending invitations</h2>
        {invitations.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-500">No pending invitations.</p>
        ) : (
          <DataList
            caption="Pending invitations"
            className="mt-2"
            busy={refreshing}
            rows={invitations}
            rowKey={(invitation) => invitation.id}
            columns={[
              { label: 'Name', className: 'font-medium', cell: (invitation) => invitation.name },
              { label: 'Email', className: 'break-all', cell: (invitation) => invitation.email },
              { label: 'Role', cell: (invitation) => (invitation.role === 'ADMIN' ? 'Admin' : 'Staff') },
              {
                label: 'Link works until',
                cell: (invitation) => (invitation.expired ? 'Expired' : `${ukNumericDateTime(invitation.expiresAt)} UK time`),
              },
              {
                label: 'Actions',
                card: 'actions',
                cell: (invitation) => (
                  <div className="flex flex-wrap gap-2 md:justify-end">
                    <Button
                      variant="secondary"
                      aria-label={`Resend the invitation to ${invitation.email}`}
                      disabled={resend.isPending}
                      onClick={() => resend.mutate(invitation.id)}
                    >
                      Resend
                    </Button>
                    <ConfirmDialog
                      trigger={
                        <Button variant="secondary" aria-label={`Revoke the invitation to ${invitation.email}`}>
                          Revoke
                        </Button>
                      }
                      title={`Revoke the invitation to ${invitation.email}?`}
                      description="The link in their e-mail stops working at once. You can invite them again later."
                      confirmLabel="Revoke"
                      variant="danger"
                      onConfirm={() => revoke.mutate(invitation)}
                    />
                  </div>
                ),
              },
            ]}
          />
        )}
      </Card>
      <InviteForm onInvited={refresh} />
    </div>
  );
}

function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { register, reset, errors, submitting, submitDisabled, submit } = useApiForm<NewInvitation>({
    defaultValues: { role: 'STAFF' },
    failure: 'Could not send the invitation.',
    report: 'toast',
  });

  const onSubmit = submit(async (values) => {
    const { data } = await apiFetch<{ data: PendingInvitation }>('/api/invitations', { method: 'POST', json: values });
    toast.success(`Invitation sent to ${data.email}.`);
    reset();
    onInvited();
  });

  return (
    <Card>
      <h2 className="mb-1 font-medium">Invite a colleague</h2>
      <p className="mb-4 text-sm text-slate-600">They get an e-mail with a link to choose their password. It works once, for 72 hours.</p>
      <form onSubmit={onSubmit} noValidate className="space-y-4" aria-label="Invite a colleague">
        <TextField label="Name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <TextField label="E-mail address" type="email" autoComplete="off" error={errors.email?.message} {...register('email')} />
        <SelectField label="Invite as" error={errors.role?.message} {...register('role')}>
          <option value="STAFF">Staff — day-to-day work</option>
          <option value="ADMIN">Admin — also manages staff and the Nxsys connection</option>
        </SelectField>
        <Button type="submit" disabled={submitDisabled}>
          {submitting ? 'Sending…' : 'Send invitation'}
        </Button>
      </form>
    </Card>
  );
}
