'use client';

import { useState } from 'react';
import { FormError } from '@/components/forms/form-error';
import { useApiForm } from '@/components/forms/use-api-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { apiFetch } from '@/lib/api-client';
import { postToAuth, signInWithPassword } from '@/lib/auth-client';
import { ApiFailure } from '@/lib/errors/api-failure';
import type { SignInInput } from '@/lib/validations/auth';
import { checkSignIn } from '@/lib/validations/sign-in';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an active account.',
  TooManyAttempts: 'Too many failed attempts. Wait a few minutes, then try again.',
  SecondFactorInvalid: 'That code is not right, or it was already used. Enter the code your app shows now.',
  SecondFactorExpired: 'This sign-in took longer than 5 minutes. Enter your email and password again.',
  PasskeyInvalid: 'The passkey was not accepted (or the prompt was closed). Try again, or enter a code.',
};

/**
 * The second step's request, after `SecondFactorRequired`: a code from the app or a recovery code (the pending step
 * is in an httpOnly cookie). Here, not in lib/auth-client.ts, which every page loads (for sign-out).
 */
async function signInWithSecondFactor(proof: { code: string } | { passkey: string }): Promise<{ ok: boolean; error: string | null }> {
  try {
    const { response, url } = await postToAuth('callback/second-factor', proof);
    const error = url ? new URL(url, window.location.href).searchParams.get('error') : 'SecondFactorInvalid';
    return { ok: response.ok && !error, error };
  } catch {
    return { ok: false, error: null };
  }
}

/** The second step: the password was right, the session waits for a code (see lib/server/auth/pending-sign-in.ts). */
function SecondFactorForm({ returnTo, onRestart }: { returnTo: string; onRestart: () => void }) {
  const { register, errors, submitting, submitDisabled, formError, setFormError, submit } = useApiForm<{ code: string }>({
    check: ({ code }) => (code.trim() ? {} : { code: 'Enter the code from your app, or a recovery code' }),
    failure: MESSAGES.SecondFactorInvalid!,
  });

  const onSubmit = submit(async ({ code }) => {
    const result = await signInWithSecondFactor({ code });
    if (result.ok) return window.location.assign(returnTo);
    if (result.error === 'SecondFactorExpired') return onRestart();
    setFormError(MESSAGES[result.error ?? ''] ?? MESSAGES.SecondFactorInvalid!);
  });

  // A passkey instead of a code: a challenge for this pending sign-in, the browser's prompt (its library loaded only now).
  const [passkeyBusy, setPasskeyBusy] = useState(false);
  const signInWithPasskey = async () => {
    if (passkeyBusy) return;
    setPasskeyBusy(true);
    setFormError(null);
    try {
      const { data: optionsJSON } = await apiFetch<{ data: PublicKeyCredentialRequestOptionsJSON }>('/api/sign-in/passkey', {
        method: 'POST',
      });
      const { startAuthentication } = await import('@simplewebauthn/browser');
      const answer = await startAuthentication({ optionsJSON });
      const result = await signInWithSecondFactor({ passkey: JSON.stringify(answer) });
      if (result.ok) return window.location.assign(returnTo);
      if (result.error === 'SecondFactorExpired') return onRestart();
      setFormError(MESSAGES.PasskeyInvalid!);
    } catch (error) {
      setFormError(error instanceof ApiFailure ? error.message : MESSAGES.PasskeyInvalid!);
    } finally {
      setPasskeyBusy(false);
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <FormError message={formError} />
      <Button variant="secondary" className="w-full" disabled={submitDisabled || passkeyBusy} onClick={() => void signInWithPasskey()}>
        {passkeyBusy ? 'Waiting for your passkey…' : 'Use a passkey'}
      </Button>
      <p className="text-center text-sm text-slate-600">or</p>
      <TextField
        label="Code from your authenticator app"
        inputMode="numeric"
        autoComplete="one-time-code"
        autoFocus
        hint="Lost your phone? Enter one of your recovery codes instead."
        error={errors.code?.message}
        {...register('code')}
      />
      <Button type="submit" className="w-full" disabled={submitDisabled}>
        {submitting ? 'Checking…' : 'Continue'}
      </Button>
    </form>
  );
}

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [secondStep, setSecondStep] = useState(false);
  const { register, errors, submitting, submitDisabled, formError, setFormError, submit } = useApiForm<SignInInput>({
    defaultValues: { email: '', password: '' },
    check: checkSignIn,
    failure: MESSAGES.CredentialsSignin!,
  });

  const onSubmit = submit(async (values) => {
    const result = await signInWithPassword(values.email, values.password);
    if (result.error === 'SecondFactorRequired') return setSecondStep(true);
    if (!result.ok) {
      setFormError(MESSAGES[result.error ?? ''] ?? MESSAGES.CredentialsSignin!);
      return;
    }
    // A full navigation, so the server renders the app with the new session cookie.
    window.location.assign(returnTo);
  });

  if (secondStep) {
    return (
      <SecondFactorForm
        returnTo={returnTo}
        onRestart={() => {
          setSecondStep(false);
          setFormError(MESSAGES.SecondFactorExpired!);
        }}
      />
    );
  }

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
