import { z } from 'zod';

export const newPasswordSchema = z.string().min(12, 'Use at least 12 characters').max(200, 'Use at most 200 characters');

/** Shared by the "Invite a colleague" form and POST /api/invitations. */
export const newInvitationSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Keep the name under 120 characters'),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  role: z.enum(['ADMIN', 'STAFF']),
});
export type NewInvitation = z.infer<typeof newInvitationSchema>;

/** Shared by the accept page's form and POST /api/invitations/accept. */
export const acceptInvitationSchema = z.object({
  token: z.string().min(1).max(100),
  password: newPasswordSchema,
});
export type AcceptInvitation = z.infer<typeof acceptInvitationSchema>;

export const invitationSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['ADMIN', 'STAFF']),
  sentAt: z.string(),
  expiresAt: z.string(),
  expired: z.boolean(),
});
export type PendingInvitation = z.infer<typeof invitationSchema>;
