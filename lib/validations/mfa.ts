import { z } from 'zod';

/** What a person types: spaces and hyphens are ignored, letters lower-cased (recovery codes are shown as `abcde-fghij`). */
const typed = z
  .string()
  .max(40)
  .transform((value) => value.replace(/[\s-]+/g, '').toLowerCase());

/** A 6-digit code from an authenticator app (confirming the app, removing it, making new recovery codes). */
export const totpCodeSchema = z.object({
  code: typed.pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code your authenticator app shows')),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;

/** At sign-in: a 6-digit app code or a 10-character recovery code. */
export const secondFactorCodeSchema = z.object({
  code: typed.pipe(z.string().regex(/^(\d{6}|[a-z0-9]{10})$/, 'Enter the 6-digit code from your app, or a recovery code')),
});

/** An admin's agency-wide policy. */
export const mfaPolicySchema = z.object({ requireMfa: z.boolean() });

/** Confirming it is you before a sensitive action: the second factor, or the password of someone without one. */
export const stepUpSchema = z.object({ code: z.string().max(40).optional(), password: z.string().max(200).optional() });
