import 'server-only';

/** The notifications domain's server surface: e-mails to admins and staff, and each person's switches. */
export { notificationPreferences, updateNotificationPreferences, adminsToNotify } from './preferences';
export { notifyConnectionProblem, notifyImportFinished, importFinishedSchema, type ImportFinished } from './notify';
export { reminderSettings, updateReminderSettings } from './reminder-settings';
export {
  reminderWeekDue,
  sendTimesheetReminders,
  timesheetReminderAgencyJob,
  timesheetRemindersJob,
  type ReminderSettings,
} from './timesheet-reminder';
export { isoWeek, rightToWorkAgencyJob, rightToWorkDigestJob, sendRightToWorkDigest, DIGEST_WINDOW_DAYS } from './right-to-work';
// The one scan (lib/candidates/server/right-to-work.ts), shared with the candidate list's filter.
export { documentExpiryOf, readExpiriesFromNxsys, type ExpiringDocument, type ExpiryReader } from '@/lib/candidates/server';
