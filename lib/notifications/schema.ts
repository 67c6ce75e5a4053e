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

/** The agency's weekly "timesheets missing" reminder (PUT /api/staff/reminders, admins): day 1 = Monday … 7 = Sunday. */
export const reminderSettingsSchema = z.object({
  enabled: z.boolean(),
  day: z.coerce.number().int('Choose a day of the week').min(1, 'Choose a day of the week').max(7, 'Choose a day of the week'),
  time: z
    .string()
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as hh:mm, e.g. 08:00'),
  timeZone: z.enum(['Europe/London', 'Europe/Dublin'], { message: 'Choose UK or Irish time' }),
});
export type ReminderSettingsForm = z.infer<typeof reminderSettingsSchema>;
