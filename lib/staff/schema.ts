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

export const staffMemberSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: z.enum(['ADMIN', 'STAFF']),
  active: z.boolean(),
  createdAt: z.string(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;
