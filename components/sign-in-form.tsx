'use client';

import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { signInWithPassword } from '@/lib/auth-client';
import type { SignInInput } from '@/lib/validations/auth';
import { checkSignIn } from '@/lib/validations/sign-in';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an active account.',
  TooManyAttempts: 'Too many failed attempts. Wait a few minutes, then try again.',
};

export function SignInForm({ returnTo }: { returnTo: string }) {
  const { register, errors, submitting, submitDisabled, formError, setFormError, submit } = useApiForm<SignInInput>({
    defaultValues: { email: '', password: '' },
    check: checkSignIn,
    failure: MESSAGES.CredentialsSignin!,
  });

  const onSubmit = submit(async (values) => {
    const result = await signInWithPassword(values.email, values.password);
    if (!result.ok) {
      setFormError(MESSAGES[result.error ?? ''] ?? MESSAGES.CredentialsSignin!);
      return;
    }
    // A full navigation, so the server renders the app with the new session cookie.
    window.location.assign(returnTo);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={submitDisabled}>
        {submitting ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-sm">
        <a href="/forgot-password" className="text-brand-700 underline">
          Forgot password?
        </a>
      </p>
    </form>
  );
}
