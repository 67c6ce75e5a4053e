'use client';

import { useRouter } from 'next/navigation';
import { toast } from '@/components/ui/toast';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { Card } from '@/components/ui/page-header';
import { apiFetch } from '@/lib/api-client';
import type { ChangePassword } from '@/lib/staff/schema';

/** "Change your password" on the account page: the current password, then the new one twice. */
export function ChangePasswordForm({ required }: { required: boolean }) {
  const router = useRouter();
  const { register, reset, errors, submitting, submitDisabled, formError, submit } = useApiForm<ChangePassword>({
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    failure: 'The password could not be changed.',
  });

  const onSubmit = submit(async (values) => {
    await apiFetch('/api/account/password', { method: 'POST', json: values });
    reset();
    toast.success('Your password was changed. You were signed out on your other devices.');
    if (required) router.push('/');
    router.refresh();
  });

  return (
    <Card className="max-w-lg">
      <h2 className="mb-1 font-medium">Change your password</h2>
      {required && (
        <p role="status" className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          An admin gave you a temporary password. Choose your own password to go on.
        </p>
      )}
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <FormError message={formError} />
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword?.message}
          {...register('currentPassword')}
        />
        <TextField
          label="New password"
          type="password"
          autoComplete="new-password"
          hint="At least 12 characters."
          error={errors.newPassword?.message}
          {...register('newPassword')}
        />
        <TextField
          label="New password again"
          type="password"
          autoComplete="new-password"
          error={errors.confirmPassword?.message}
          {...register('confirmPassword')}
        />
        <Button type="submit" disabled={submitDisabled}>
          {submitting ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Card>
  );
}
