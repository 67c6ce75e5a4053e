'use client';

import { useState } from 'react';
import { toast } from '@/components/ui/toast';
import { Button } from '@/components/ui/button';
import { useApiForm } from '@/components/forms/use-api-form';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Modal } from '@/components/ui/modal';
import { SelectField, TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import type { NewStaff, StaffMember } from '@/lib/staff/schema';
import { DataList } from '@/components/list/data-list';
import { useAction } from '@/components/list/use-action';
import { useRefresh } from '@/components/list/use-refresh';

/**
 * The agency's staff as the server page read them (`staff`); a change calls our API, then the page is read again
 * (router.refresh), so the list shows what the server now holds.
 */
export function StaffManager({ staff, currentUserId }: { staff: StaffMember[]; currentUserId: string }) {
  const { refresh, refreshing } = useRefresh();
  const patch = <T,>(id: string, json: Record<string, unknown>) =>
    apiFetch<T>(`/api/staff/${encodeURIComponent(id)}`, { method: 'PATCH', json });

  const setActive = useAction(
    ({ id, active }: { id: string; active: boolean }) => patch<{ data: StaffMember }>(id, { active }),
    ({ data }) => toast.success(data.active ? `${data.name} can sign in again.` : `${data.name} is deactivated and signed out.`),
    refresh,
  );

  // Refreshed on failure too: the role select goes back to what the server holds.
  const setRole = useAction(
    ({ id, role }: { id: string; role: StaffMember['role'] }) => patch<{ data: StaffMember }>(id, { role }),
    ({ data }) => toast.success(`${data.name} is now ${data.role === 'ADMIN' ? 'an admin' : 'staff'}.`),
    refresh,
    { refreshOnError: true },
  );

  /** A role chosen in a member's select, waiting for "Change role" (the select keeps showing the role held until then). */
  const [roleChange, setRoleChange] = useState<{ id: string; name: string; role: StaffMember['role'] } | null>(null);

  /** The temporary password just set: shown once, in a dialog, never kept. */
  const [issued, setIssued] = useState<{ name: string; password: string } | null>(null);
  const resetPassword = useAction(
    (id: string) => patch<{ data: StaffMember; temporaryPassword: string }>(id, { resetPassword: true }),
    ({ data, temporaryPassword }) => setIssued({ name: data.name, password: temporaryPassword }),
    refresh,
  );

  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card padded={false} className="self-start overflow-hidden">
        <DataList
          caption="Staff members"
          className=""
          busy={refreshing}
          rows={staff}
          rowKey={(member) => member.id}
          rowClassName={(member) => (member.active ? '' : 'text-slate-500')}
          columns={[
            { label: 'Name', className: 'font-medium', cell: (member) => member.name },
            { label: 'Email', className: 'break-all', cell: (member) => member.email },
            {
              label: 'Role',
              cell: (member) =>
                member.id === currentUserId ? (
                  member.role === 'ADMIN' ? (
                    'Admin (you)'
                  ) : (
                    'Staff (you)'
                  )
                ) : (
                  <select
                    aria-label={`Role of ${member.name}`}
                    value={member.role}
                    disabled={setRole.isPending}
                    onChange={(e) => setRoleChange({ id: member.id, name: member.name, role: e.target.value as StaffMember['role'] })}
                    className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
                  >
                    <option value="STAFF">Staff</option>
                    <option value="ADMIN">Admin</option>
                  </select>
                ),
            },
            {
              label: 'Status',
              cell: (member) => (
                <>
                  {member.active ? 'Active' : 'Deactivated'}
                  {member.active && member.mustChangePassword && (
                    <div className="text-xs text-slate-600">Temporary password: to change at sign-in</div>
                  )}
                </>
              ),
            },
            {
              label: 'Actions',
              card: 'actions',
              cell: (member) => (
                <div className="flex flex-wrap gap-2 md:justify-end">
                  {member.id !== currentUserId && member.active && (
                    <ConfirmDialog
                      trigger={
                        <Button variant="secondary" aria-label={`Reset password for ${member.name}`}>
                          Reset password
                        </Button>
                      }
                      title={`Reset the password of ${member.name}?`}
                      description="They are signed out everywhere. You will see a temporary password once, to give them; they must choose their own when they next sign in."
                      confirmLabel="Reset password"
                      onConfirm={() => resetPassword.mutate(member.id)}
                    />
                  )}
                  {member.id !== currentUserId &&
                    (member.active ? (
                      <ConfirmDialog
                        trigger={
                          <Button variant="secondary" aria-label={`Deactivate ${member.name}`}>
                            Deactivate
                          </Button>
                        }
                        title={`Deactivate ${member.name}?`}
                        description="They are signed out everywhere at once and cannot sign in until reactivated. Their history stays."
                        confirmLabel="Deactivate"
                        variant="danger"
                        onConfirm={() => setActive.mutate({ id: member.id, active: false })}
                      />
                    ) : (
                      <Button
                        variant="secondary"
                        aria-label={`Reactivate ${member.name}`}
                        disabled={setActive.isPending}
                        onClick={() => setActive.mutate({ id: member.id, active: true })}
                      >
                        Reactivate
                      </Button>
                    ))}
                </div>
              ),
            },
          ]}
        />
      </Card>
      <AddStaffForm onAdded={refresh} />
      {roleChange && (
        <Modal
          open
          onClose={() => setRoleChange(null)}
          title={roleChange.role === 'ADMIN' ? `Make ${roleChange.name} an admin?` : `Make ${roleChange.name} staff?`}
          description={
            roleChange.role === 'ADMIN'
              ? 'Admins also manage staff, invitations and the Nxsys connection.'
              : 'They can no longer manage staff, invitations or the Nxsys connection.'
          }
        >
          <div className="mt-6 flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setRoleChange(null)}>
              Cancel
            </Button>
            <Button
              onClick={() => {
                setRole.mutate({ id: roleChange.id, role: roleChange.role });
                setRoleChange(null);
              }}
            >
              Change role
            </Button>
          </div>
        </Modal>
      )}
      {issued && (
        <Modal
          open
          onClose={() => setIssued(null)}
          title={`Temporary password for ${issued.name}`}
          description="Give it to them securely: it is shown only this once. They must choose their own password when they sign in."
        >
          <p data-testid="temporary-password" className="mt-4 rounded-md bg-slate-100 px-3 py-2 font-mono text-base break-all select-all">
            {issued.password}
          </p>
          <div className="mt-6 flex justify-end gap-2">
            <CopyButton text={issued.password} />
            <Button onClick={() => setIssued(null)}>Done</Button>
          </div>
        </Modal>
      )}
    </div>
  );
}

function AddStaffForm({ onAdded }: { onAdded: () => void }) {
  const { register, reset, errors, submitting, submitDisabled, submit } = useApiForm<NewStaff>({
    defaultValues: { role: 'STAFF' },
    failure: 'Could not add the staff member.',
    report: 'toast',
  });

  const onSubmit = submit(async (values) => {
    const { data } = await apiFetch<{ data: StaffMember }>('/api/staff', { method: 'POST', json: values });
    toast.success(`${data.name} can now sign in.`);
    reset();
    onAdded();
  });

  return (
    <Card>
      <h2 className="mb-4 font-medium">Add a staff member</h2>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <TextField label="Full name" autoComplete="off" error={errors.name?.message} {...register('name')} />
        <TextField label="Work email" type="email" autoComplete="off" error={errors.email?.message} {...register('email')} />
        <SelectField label="Role" error={errors.role?.message} {...register('role')}>
          <option value="STAFF">Staff — day-to-day work</option>
          <option value="ADMIN">Admin — also manages staff and the Nxsys connection</option>
        </SelectField>
        <TextField
          label="Initial password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters. Share it with them securely."
          error={errors.password?.message}
          {...register('password')}
        />
        <Button type="submit" disabled={submitDisabled}>
          {submitting ? 'Adding…' : 'Add staff member'}
        </Button>
      </form>
    </Card>
  );
}

/** Copies the temporary password; "Copied" says it worked (announced), a refused clipboard says to select it instead. */
function CopyButton({ text }: { text: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <>
      <span role="status" className="sr-only">
        {state === 'copied' ? 'Copied' : ''}
      </span>
      <Button
        variant="secondary"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select it' : 'Copy'}
      </Button>
    </>
  );
}
