'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { signIn } from 'next-auth/react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { signInSchema, type SignInInput } from '@/lib/validations/auth';

const MESSAGES: Record<string, string> = {
  CredentialsSignin: 'That email and password do not match an active account.',
  TooManyAttempts: 'Too many failed attempts. Wait a few minutes, then try again.',
};

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [formError, setFormError] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<SignInInput>({ resolver: zodResolver(signInSchema) });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(null);
    const result = await signIn('credentials', { ...values, redirect: false });
    if (!result || result.error || !result.ok) {
      setFormError(MESSAGES[result?.error ?? ''] ?? MESSAGES.CredentialsSignin!);
      return;
    }
    // A full navigation, so the server renders the app with the new session cookie.
    window.location.assign(returnTo);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      {formError && (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {formError}
        </div>
      )}
      <TextField label="Email" type="email" autoComplete="username" error={errors.email?.message} {...register('email')} />
      <TextField
        label="Password"
        type="password"
        autoComplete="current-password"
        error={errors.password?.message}
        {...register('password')}
      />
      <Button type="submit" className="w-full" disabled={isSubmitting}>
        {isSubmitting ? 'Signing in…' : 'Sign in'}
      </Button>
      <p className="text-center text-sm">
        <a href="/forgot-password" className="text-brand-700 underline">
          Forgot password?
        </a>
      </p>
    </form>
  );
}
