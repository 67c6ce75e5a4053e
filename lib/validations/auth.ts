import { z } from 'zod';
import { SIGN_IN_MESSAGES } from './sign-in';

export const signInSchema = z.object({
  email: z.email(SIGN_IN_MESSAGES.email).trim(),
  password: z.string().min(1, SIGN_IN_MESSAGES.password),
});
export type SignInInput = z.infer<typeof signInSchema>;

// Any origin works as the base: only whether the parsed URL stays on it matters.
const RETURN_BASE = 'https://portal.invalid';

/**
 * Where to go after sign-in: always a path on our own origin, never a URL elsewhere. Built on the WHATWG URL
 * parser (the one browsers use), so whatever a browser would make of the value — tabs and newlines dropped,
 * `\` read as `/`, `/./` collapsed — is what is checked; anything that is not a plain same-origin path, or
 * carries control characters (which must never reach a Location header), becomes `/`.
 */
export function safeReturnPath(value: string | null | undefined): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.length > 2048) return '/';
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  let parsed: URL;
  try {
    parsed = new URL(value, RETURN_BASE);
  } catch {
    return '/';
  }
  if (parsed.origin !== RETURN_BASE) return '/';
  const path = parsed.pathname + parsed.search + parsed.hash;
  // A normalised path may begin with `//` (e.g. `/.//evil.example`), which a browser reads as another host.
  if (!path.startsWith('/') || path.startsWith('//') || new URL(path, RETURN_BASE).origin !== RETURN_BASE) return '/';
  return path;
}
