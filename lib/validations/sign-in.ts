/**
 * What the sign-in form checks before sending (no zod: the sign-in page loads none), with the messages
 * signInSchema (lib/validations/auth.ts) uses too. The server's check is signInSchema itself.
 */
export const SIGN_IN_MESSAGES = { email: 'Enter your email address', password: 'Enter your password' } as const;

export function checkSignIn({ email, password }: { email: string; password: string }): Partial<Record<'email' | 'password', string>> {
  const errors: Partial<Record<'email' | 'password', string>> = {};
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) errors.email = SIGN_IN_MESSAGES.email;
  if (!password) errors.password = SIGN_IN_MESSAGES.password;
  return errors;
}
