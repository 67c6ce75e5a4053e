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
export const stepUpSchema = z.object({
  code: z.string().max(40).optional(),
  password: z.string().max(200).optional(),
  passkey: z.unknown().optional(),
});

const b64url = z
  .string()
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*$/);

/** A passkey's answer to a sign-in or step-up challenge, as @simplewebauthn/browser sends it (checked for shape only). */
export const passkeyAssertionSchema = z.looseObject({
  id: b64url,
  rawId: b64url,
  type: z.literal('public-key'),
  response: z.looseObject({ clientDataJSON: b64url, authenticatorData: b64url, signature: b64url, userHandle: b64url.optional() }),
  clientExtensionResults: z.looseObject({}),
});

/** A new passkey: its name, and the browser's answer to the registration challenge. */
export const passkeyRegistrationSchema = z.object({
  name: z.string().trim().min(1, 'Give the passkey a name, e.g. "Work laptop"').max(60, 'At most 60 characters'),
  response: z.looseObject({
    id: b64url,
    rawId: b64url,
    type: z.literal('public-key'),
    response: z.looseObject({ clientDataJSON: b64url, attestationObject: b64url }),
    clientExtensionResults: z.looseObject({}),
  }),
});

export const passkeyNameSchema = passkeyRegistrationSchema.pick({ name: true });
