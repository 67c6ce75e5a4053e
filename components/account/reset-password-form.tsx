'use client';

import { useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { PasswordResetInput } from '@/lib/account/schema';
import { apiFetch } from '@/lib/api-client';

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const { register, errors, submitting, submitDisabled, formError, submit } = useApiForm<PasswordResetInput>({
    defaultValues: { token, password: '' },
    failure: 'Could not change the password.',
  });

  const onSubmit = submit(async (values) => {
    await apiFetch('/api/password-reset/confirm', { method: 'POST', json: values });
    setDone(true);
  });

  if (done) {
    return (
      <div className="space-y-4 text-sm">
        <p role="status">Your password has been changed and you have been signed out everywhere.</p>
        <a href="/sign-in" className="font-medium text-brand-700 underline">
          Sign in with your new password
        </a>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <input type="hidden" {...register('token')} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={submitDisabled}>
        {submitting ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
