import { z } from 'zod';
import { NOTIFICATION_KINDS, NOTIFICATION_LABELS, type NotificationKind } from './options';

export { NOTIFICATION_KINDS, NOTIFICATION_LABELS, type NotificationKind };

/** Shared by the account page's switches and PUT /api/account/notifications. */
export const notificationPreferencesSchema = z.object({
  connection: z.boolean(),
  imports: z.boolean(),
  right_to_work: z.boolean(),
  timesheet_reminders: z.boolean(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;
