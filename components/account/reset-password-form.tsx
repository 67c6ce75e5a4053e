'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { passwordResetSchema, type PasswordResetInput } from '@/lib/account/schema';
import { apiFetch } from '@/lib/api-client';
import { ApiError } from '@/lib/errors/catalogue';

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<PasswordResetInput>({ resolver: zodResolver(passwordResetSchema), defaultValues: { token, password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch('/api/password-reset/confirm', { method: 'POST', json: values });
      setDone(true);
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors?.password) {
        setError('password', { message: error.fieldErrors.password }, { shouldFocus: true });
      } else setFormError(error instanceof Error ? error.message : 'Could not change the password.');
    }
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
      {formError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </div>
      )}
      <input type="hidden" {...register('token')} />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  );
}
