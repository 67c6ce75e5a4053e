import { z } from 'zod';
import { OPTIONS } from '@/lib/candidates/options';

/**
 * The payroll settings an agency may decide for a candidate it invites; the candidate sees them read-only and
 * cannot change them. Nothing personal: choices from the candidate form's fixed option lists only.
 */
export const agencySettingsSchema = z
  .object({
    payFrequency: z.enum(OPTIONS.payFrequency).optional(),
    paymentModel: z.enum(OPTIONS.paymentModel).optional(),
    scheme: z.enum(OPTIONS.scheme).optional(),
    optState: z.enum(OPTIONS.optState).optional(),
  })
  .strict();
export type AgencySettings = z.infer<typeof agencySettingsSchema>;

/** Shared by the "Invite a candidate" form and POST /api/onboarding. */
export const newOnboardingSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Keep the name under 120 characters'),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  country: z.enum(['uk', 'ie'], 'Choose UK or Ireland'),
  agencySettings: agencySettingsSchema.default({}),
});
export type NewOnboarding = z.infer<typeof newOnboardingSchema>;

export const ONBOARDING_STATES = ['Invited', 'Started', 'Submitted', 'Expired', 'Revoked', 'Sent'] as const;
export type OnboardingState = (typeof ONBOARDING_STATES)[number];

/** One invitation as the staff list shows it. */
export interface OnboardingSummary {
  id: string;
  name: string;
  email: string;
  country: 'uk' | 'ie';
  state: OnboardingState;
  sentAt: string;
  expiresAt: string;
  srId: string | null;
}

/** The candidate's save and submit (PUT and POST /api/onboard): the link's token and the form as typed. */
export const onboardBodySchema = z.object({ token: z.string().max(100), values: z.unknown() });

/** "Ask for changes" (POST /api/onboarding/[id]/resend): the note e-mailed with the new link. */
export const resendOnboardingSchema = z.object({
  note: z.string().trim().max(500, 'Keep the note under 500 characters').optional(),
});
