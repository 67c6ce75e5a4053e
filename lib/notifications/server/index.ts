import 'server-only';

/** The notifications domain's server surface: e-mails to admins and staff, and each person's switches. */
export { notificationPreferences, updateNotificationPreferences, adminsToNotify } from './preferences';
export { notifyConnectionProblem, notifyImportFinished, importFinishedSchema, type ConnectionProblem, type ImportFinished } from './notify';
export {
  documentExpiryOf,
  isoWeek,
  readExpiriesFromNxsys,
  rightToWorkAgencyJob,
  rightToWorkDigestJob,
  sendRightToWorkDigest,
  DIGEST_WINDOW_DAYS,
  type ExpiringDocument,
  type ExpiryReader,
} from './right-to-work';
