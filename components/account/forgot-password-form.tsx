'use client';

import { useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { PasswordResetRequest } from '@/lib/account/schema';
import { apiFetch } from '@/lib/api-client';

export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const { register, errors, submitting, submitDisabled, formError, submit } = useApiForm<PasswordResetRequest>({
    failure: 'Could not send the link.',
  });

  const onSubmit = submit(async (values) => {
    const { data } = await apiFetch<{ data: { message: string } }>('/api/password-reset', { method: 'POST', json: values });
    setSent(data.message);
  });

  if (sent) {
    return (
      <div className="space-y-4 text-sm">
        <p role="status">{sent}</p>
        <a href="/sign-in" className="font-medium text-brand-700 underline">
          Back to sign in
        </a>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
      <Button type="submit" className="w-full" disabled={submitDisabled}>
        {submitting ? 'Sending…' : 'Send me a link'}
      </Button>
      <p className="text-center text-sm">
        <a href="/sign-in" className="text-brand-700 underline">
          Back to sign in
        </a>
      </p>
    </form>
  );
}
