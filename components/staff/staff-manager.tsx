'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { SelectField, TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import { ApiError } from '@/lib/errors/catalogue';
import { newStaffSchema, type NewStaff, type StaffMember } from '@/lib/staff/schema';
import { ColumnHead } from '@/components/list/list-parts';

const STAFF_KEY = ['staff'];

export function StaffManager({ initialStaff, currentUserId }: { initialStaff: StaffMember[]; currentUserId: string }) {
  const queryClient = useQueryClient();
  const staff = useQuery({
    queryKey: STAFF_KEY,
    queryFn: () => apiFetch<{ data: StaffMember[] }>('/api/staff').then((r) => r.data),
    initialData: initialStaff,
  });

  const setActive = useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) =>
      apiFetch<{ data: StaffMember }>(`/api/staff/${encodeURIComponent(id)}`, { method: 'PATCH', json: { active } }),
    onSuccess: ({ data }) => {
      toast.success(data.active ? `${data.name} can sign in again.` : `${data.name} is deactivated and signed out.`);
      void queryClient.invalidateQueries({ queryKey: STAFF_KEY });
    },
    onError: (error) => toast.error(error.message),
  });

  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <Card padded={false} className="self-start overflow-x-auto">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="sr-only">Staff members</caption>
          <thead className="bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase">
            <tr>
              <ColumnHead label="Name" />
              <ColumnHead label="Email" />
              <ColumnHead label="Role" />
              <ColumnHead label="Status" />
              <th scope="col" className="px-4 py-3">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {staff.data.map((member) => (
              <tr key={member.id} className={member.active ? '' : 'text-slate-400'}>
                <td className="px-4 py-3 font-medium">{member.name}</td>
                <td className="px-4 py-3">{member.email}</td>
                <td className="px-4 py-3">{member.role === 'ADMIN' ? 'Admin' : 'Staff'}</td>
                <td className="px-4 py-3">{member.active ? 'Active' : 'Deactivated'}</td>
                <td className="px-4 py-3 text-right">
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
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <AddStaffForm onAdded={() => void queryClient.invalidateQueries({ queryKey: STAFF_KEY })} />
    </div>
  );
}

function AddStaffForm({ onAdded }: { onAdded: () => void }) {
  const {
    register,
    handleSubmit,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<NewStaff>({ resolver: zodResolver(newStaffSchema), defaultValues: { role: 'STAFF' } });

  const onSubmit = handleSubmit(async (values) => {
    try {
      const { data } = await apiFetch<{ data: StaffMember }>('/api/staff', { method: 'POST', json: values });
      toast.success(`${data.name} can now sign in.`);
      reset({ name: '', email: '', password: '', role: 'STAFF' });
      onAdded();
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors && Object.keys(error.fieldErrors).length) {
        for (const [field, message] of Object.entries(error.fieldErrors)) {
          setError(field as keyof NewStaff, { message }, { shouldFocus: true });
        }
      } else {
        toast.error(error instanceof Error ? error.message : 'Could not add the staff member.');
      }
    }
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
        <Button type="submit" disabled={isSubmitting}>
          {isSubmitting ? 'Adding…' : 'Add staff member'}
        </Button>
      </form>
    </Card>
  );
}
