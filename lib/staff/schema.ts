import { z } from 'zod';

/** Shared by the "Add staff member" form and POST /api/staff. */
export const newStaffSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name').max(120, 'Keep the name under 120 characters'),
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  role: z.enum(['ADMIN', 'STAFF']),
  password: z.string().min(12, 'Use at least 12 characters').max(200, 'Use at most 200 characters'),
});
export type NewStaff = z.infer<typeof newStaffSchema>;

export const staffStatusSchema = z.object({ active: z.boolean() });

/** PATCH /api/staff/{id}: one change at a time — activate/deactivate, change the role, or reset the password. */
export const staffChangeSchema = z.union([
  z.object({ active: z.boolean() }).strict(),
  z.object({ role: z.enum(['ADMIN', 'STAFF']) }).strict(),
  z.object({ resetPassword: z.literal(true) }).strict(),
]);
export type StaffChange = z.infer<typeof staffChangeSchema>;

const newPassword = z.string().min(12, 'Use at least 12 characters').max(200, 'Use at most 200 characters');

/** The account page's "change your password" form, shared with POST /api/account/password. */
export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(200),
    newPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords differ' })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: 'Choose a password you have not been using' });
export type ChangePassword = z.infer<typeof changePasswordSchema>;

export const staffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['ADMIN', 'STAFF']),
  active: z.boolean(),
  /** A temporary password was set by an admin: they must choose their own at sign-in. */
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;
