'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { ApiError } from '@/lib/errors/catalogue';
import { acceptInvitationSchema, type AcceptInvitation } from '@/lib/invitations/schema';

const HOME = '/';
const SIGN_IN = '/sign-in';

/** Sets the invited person's password, then signs them in with it. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<AcceptInvitation>({ resolver: zodResolver(acceptInvitationSchema), defaultValues: { token, password: '' } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    try {
      await apiFetch('/api/invitations/accept', { method: 'POST', json: values });
    } catch (error) {
      if (error instanceof ApiError && error.fieldErrors?.password) {
        setError('password', { message: error.fieldErrors.password }, { shouldFocus: true });
      } else setFormError(error instanceof Error ? error.message : 'Could not accept the invitation.');
      return;
    }
    const result = await signIn('credentials', { email, password: values.password, redirect: false });
    // A full navigation, so the server renders the app with the new session cookie (or sign-in, if that failed).
    const next = result?.ok && !result.error ? HOME : SIGN_IN;
    window.location.assign(next);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </div>
      )}
      <TextField label="Email" type="email" value={email} readOnly autoComplete="username" />
      <input type="hidden" {...register('token')} />
      <TextField
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 12 characters."
        error={errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Setting up…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
