import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { ukDateTime } from '@/lib/dates';

export const ACTION_LABELS: Record<AuditAction, string> = {
  'staff.created': 'Added a staff member',
  'staff.deactivated': 'Deactivated a staff member',
  'staff.reactivated': 'Reactivated a staff member',
  'invitation.created': 'Invited a colleague',
  'invitation.resent': 'Resent an invitation',
  'invitation.revoked': 'Revoked an invitation',
  'invitation.accepted': 'Accepted an invitation',
  'password_reset.requested': 'Asked for a password reset link',
  'password_reset.completed': 'Reset their password',
  'notification.queued': 'Notification e-mail queued',
  'notification_preferences.updated': 'Changed their e-mail notifications',
  'mail.sent': 'E-mail sent',
  'mail.failed': 'E-mail could not be sent',
  'staff.role_changed': "Changed a staff member's role",
  'staff.password_reset': "Reset a staff member's password",
  'account.password_changed': 'Changed their own password',
  'nxsys.connected': 'Connected Nxsys',
  'nxsys.disconnected': 'Disconnected Nxsys',
  'nxsys.connect_failed': 'Nxsys connection failed',
  'nxsys.refresh_failed': 'Nxsys stopped accepting the connection',
  'nxsys.tokens_undecryptable': 'Stored Nxsys tokens could not be decrypted',
  'candidate.created': 'Onboarded a candidate',
  'candidate.updated': 'Edited a candidate',
  'payment_rate.created': 'Created a payment rate',
  'payment_rate.updated': 'Edited a payment rate',
  'timesheet.created': 'Created a timesheet',
  'timesheet.updated': 'Edited a timesheet',
  'payslip.downloaded': 'Downloaded a payslip',
  'payslips.exported': 'Exported payslips',
  'timesheets.exported': 'Exported timesheets',
  'payslip_difference.checked': 'Checked a payslip difference',
  'payslip_review.exported': 'Exported a pay-run review',
  'payslip_run.downloaded': "Downloaded a pay run's payslips",
  'import.started': 'Started a file import',
  'import.finished': 'A file import finished',
  'import.resumed': 'Resumed a stopped import',
  'import.cancelled': 'Cancelled an import',
  'candidates.exported': 'Exported candidates',
  'sign_in.succeeded': 'Signed in',
  'sign_in.failed': 'Failed to sign in (wrong password)',
  'sign_in.second_factor_failed': 'Entered a wrong second-factor code',
  'mfa.totp_enrolled': 'Set up an authenticator app',
  'mfa.totp_removed': 'Removed their authenticator app',
  'mfa.passkey_added': 'Added a passkey',
  'mfa.passkey_removed': 'Removed a passkey',
  'mfa.recovery_codes_regenerated': 'Made new recovery codes',
  'mfa.recovery_code_used': 'Signed in with a recovery code',
  'mfa.policy_changed': 'Changed the two-factor sign-in policy',
  'agency.reminders_updated': 'Changed the weekly timesheet reminder',
  'mfa.reset_by_admin': "Reset a staff member's second factors",
  'session.ended': 'Signed out one of their sessions',
  'step_up.passed': 'Confirmed it was them before a sensitive action',
  'session.ended_others': 'Signed out everywhere else',
  'staff.sessions_ended': 'Signed a staff member out everywhere',
  'onboarding.invited': 'Sent a candidate an onboarding link',
  'onboarding.resent': 'Resent an onboarding link',
  'onboarding.changes_requested': 'Asked a candidate for changes',
  'onboarding.revoked': 'Revoked an onboarding link',
  'onboarding.submitted': 'A candidate submitted their details',
  'onboarding.sent': 'Sent a self-onboarded candidate to Nxsys',
  'onboarding.purged': 'Deleted an unsent onboarding submission',
  'review.setting_changed': 'Changed whether timesheets are reviewed before they go to Nxsys',
  'review.draft_held': 'Saved timesheets for review',
  'review.draft_edited': 'Changed a timesheet waiting for review',
  'review.draft_returned': 'Returned a timesheet to its author',
  'review.drafts_approved': 'Approved timesheets and sent them to Nxsys',
};

export const ACTIVITY_PAGE_SIZE = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date')
  .optional()
  .catch(undefined);

/** The Activity page's filters, from its URL. Anything malformed is dropped rather than failing the page. */
export const activityFiltersSchema = z.object({
  actor: z
    .string()
    .regex(/^[a-z0-9]{10,40}$/)
    .optional()
    .catch(undefined),
  action: z.enum(AUDIT_ACTIONS).optional().catch(undefined),
  from: day,
  to: day,
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export type ActivityFilters = z.output<typeof activityFiltersSchema>;

function whereOf(agencyId: string, filters: ActivityFilters) {
  const createdAt = {
    ...(filters.from ? { gte: new Date(`${filters.from}T00:00:00Z`) } : {}),
    ...(filters.to ? { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000) } : {}),
  };
  return {
    agencyId,
    ...(filters.actor ? { actorId: filters.actor } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.from || filters.to ? { createdAt } : {}),
  };
}

/** At most this many events go into one export (newest first); the file says so when there were more. */
export const ACTIVITY_EXPORT_LIMIT = 20_000;

/**
 * Every event matching the filters as export rows (when, who, what, on, details), newest first, read 500 at a time.
 * The target reads as on the page (its stored label, else type and id).
 */
export async function* activityRows(db: PrismaClient, user: { agency: Pick<CurrentUser['agency'], 'id'> }, filters: ActivityFilters) {
  const where = whereOf(user.agency.id, filters);
  const people = await db.user.findMany({ where: { agencyId: user.agency.id }, select: { id: true, name: true } });
  const names = new Map(people.map((p) => [p.id, p.name]));
  let cursor: string | undefined;
  for (let sent = 0; sent < ACTIVITY_EXPORT_LIMIT;) {
    const batch = await db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: Math.min(500, ACTIVITY_EXPORT_LIMIT - sent),
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: { actor: { select: { name: true } } },
    });
    for (const e of batch) {
      yield [
        ukDateTime(e.createdAt),
        e.actor?.name ?? 'System',
        ACTION_LABELS[e.action as AuditAction] ?? e.action,
        targetText(e, names) ?? '',
        e.targetId ?? '',
        detailsText(e.details),
      ];
    }
    sent += batch.length;
    if (batch.length < 500) return;
    cursor = batch.at(-1)!.id;
  }
  if ((await db.auditEvent.count({ where })) > ACTIVITY_EXPORT_LIMIT) {
    yield ['', '', `Only the newest ${ACTIVITY_EXPORT_LIMIT} events are in this file: narrow the dates for the rest.`, '', '', ''];
  }
}

export const ACTIVITY_EXPORT_HEADER = ['When', 'Who', 'What', 'On', 'Record ID', 'Details'];

/** One page of the agency's audit log, newest first (never another agency's: agencyId is always in the query). */
export async function listActivity(db: PrismaClient, user: { agency: Pick<CurrentUser['agency'], 'id'> }, filters: ActivityFilters) {
  const where = whereOf(user.agency.id, filters);
  const [events, total, people] = await Promise.all([
    db.auditEvent.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (filters.page - 1) * ACTIVITY_PAGE_SIZE,
      take: ACTIVITY_PAGE_SIZE,
      include: { actor: { select: { name: true, email: true } } },
    }),
    db.auditEvent.count({ where }),
    db.user.findMany({ where: { agencyId: user.agency.id }, select: { id: true, name: true }, orderBy: { name: 'asc' } }),
  ]);
  return { events, total, people, totalPages: Math.max(1, Math.ceil(total / ACTIVITY_PAGE_SIZE)) };
}

/** A record type → how one of them and all of them read. */
const RECORD_LABELS: Record<string, [string, string]> = {
  candidate: ['Candidate', 'candidates'],
  payment_rate: ['Payment rate', 'payment rates'],
  timesheet: ['Timesheet', 'timesheets'],
  payslip: ['Payslip', 'payslips'],
  import: ['Import', 'imports'],
  invitation: ['Invitation', 'invitations'],
};

type TargetOf = { action: string; targetType: string | null; targetId: string | null; targetLabel: string | null };

/**
 * How an event's target reads: the label stored with it ("Priya Shah (SR-101011)"); a colleague by their current
 * name; an older event without a label by what it is and its id ("Timesheet TS-12"); an export by what it held.
 */
export function targetText(event: TargetOf, names: Map<string, string>): string | null {
  if (event.targetType === 'user' && event.targetId) return names.get(event.targetId) ?? event.targetLabel ?? 'A former staff member';
  if (event.targetLabel) return event.targetLabel;
  const kind = event.targetType ? (RECORD_LABELS[event.targetType] ?? null) : null;
  if (event.targetId) return `${kind?.[0] ?? ''} ${event.targetId}`.trim();
  return kind && event.action.endsWith('.exported') ? `All ${kind[1]}` : null;
}

/** An event's details as one line of text ("country: uk; filters: status=ACTIVE"). */
export function detailsText(details: unknown): string {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details as Record<string, unknown>)
    .map(
      ([k, v]) =>
        `${k}: ${
          typeof v === 'object' && v !== null
            ? Object.entries(v)
                .map(([a, b]) => `${a}=${String(b)}`)
                .join(', ') || '—'
            : String(v)
        }`,
    )
    .join('; ');
}

/** Where an event's target lives in the portal, when it has a page. */
export function targetHref(targetType: string | null, targetId: string | null): string | null {
  if (!targetId) return null;
  switch (targetType) {
    case 'candidate':
      return `/candidates/${targetId}`;
    case 'payment_rate':
      return `/payment-rates/${targetId}`;
    case 'timesheet':
      return `/timesheets/${targetId}`;
    case 'payslip':
      return `/payslips/${targetId}`;
    case 'import':
      return `/imports/${targetId}`;
    default:
      return null;
  }
}
