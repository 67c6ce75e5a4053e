import { z } from 'zod';

export const signInSchema = z.object({
  email: z.email('Enter your email address').trim(),
  password: z.string().min(1, 'Enter your password'),
});
export type SignInInput = z.infer<typeof signInSchema>;

/** Only same-site paths may be returned to after sign-in (no `//evil.example` or absolute URLs). */
export function safeReturnPath(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
