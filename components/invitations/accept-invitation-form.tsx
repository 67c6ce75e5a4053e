'use client';

import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { apiFetch } from '@/lib/api-client';
import { signInWithPassword } from '@/lib/auth-client';
import type { AcceptInvitation } from '@/lib/invitations/schema';

const HOME = '/';
const SIGN_IN = '/sign-in';

/** Sets the invited person's password, then signs them in with it. */
export function AcceptInvitationForm({ token, email }: { token: string; email: string }) {
  const { register, errors, submitting, submitDisabled, formError, submit } = useApiForm<AcceptInvitation>({
    defaultValues: { token, password: '' },
    failure: 'Could not accept the invitation.',
  });

  const onSubmit = submit(async (values) => {
    await apiFetch('/api/invitations/accept', { method: 'POST', json: values });
    const result = await signInWithPassword(email, values.password);
    // A full navigation, so the server renders the app with the new session cookie (or sign-in, if that failed).
    const next = result.ok ? HOME : SIGN_IN;
    window.location.assign(next);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
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
      <Button type="submit" className="w-full" disabled={submitDisabled}>
        {submitting ? 'Setting up…' : 'Set password and sign in'}
      </Button>
    </form>
  );
}
