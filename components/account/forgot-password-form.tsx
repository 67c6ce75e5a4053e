'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { passwordResetRequestSchema, type PasswordResetRequest } from '@/lib/account/schema';
import { apiFetch } from '@/lib/api-client';

export function ForgotPasswordForm() {
  const [sent, setSent] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<PasswordResetRequest>({ resolver: zodResolver(passwordResetRequestSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      const { data } = await apiFetch<{ data: { message: string } }>('/api/password-reset', { method: 'POST', json: values });
      setSent(data.message);
    } catch (error) {
      setFormError(error instanceof Error ? error.message : 'Could not send the link.');
    }
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
      {formError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </div>
      )}
      <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Sending…' : 'Send me a link'}
      </Button>
      <p className="text-center text-sm">
        <a href="/sign-in" className="text-brand-700 underline">
          Back to sign in
        </a>
      </p>
    </form>
  );
}
