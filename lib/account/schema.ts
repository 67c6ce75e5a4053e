import { z } from 'zod';
import { newPasswordSchema } from '@/lib/invitations/schema';

/** Shared by the "Forgot password?" form and POST /api/password-reset. */
export const passwordResetRequestSchema = z.object({
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
});
export type PasswordResetRequest = z.infer<typeof passwordResetRequestSchema>;

/** Shared by the reset page's form and POST /api/password-reset/confirm. */
export const passwordResetSchema = z.object({
  token: z.string().min(1).max(100),
  password: newPasswordSchema,
});
export type PasswordResetInput = z.infer<typeof passwordResetSchema>;

/** The one answer to a reset request, whether or not an account uses the address. */
export const RESET_REQUESTED_MESSAGE =
  'If an account uses that address, we have sent it a link to choose a new password. The link works once, for 30 minutes.';
