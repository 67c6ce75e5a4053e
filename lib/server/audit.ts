import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import type { InputJsonValue } from '@/lib/generated/prisma/internal/prismaNamespace';

/** Actions written to the audit log; one place, so the activity page can list and filter them. */
export const AUDIT_ACTIONS = [
  'staff.created',
  'staff.deactivated',
  'staff.reactivated',
  'invitation.created',
  'invitation.resent',
  'invitation.revoked',
  'invitation.accepted',
  'password_reset.requested',
  'password_reset.completed',
  'notification.queued',
  'notification_preferences.updated',
  'mail.sent',
  'mail.failed',
  'staff.role_changed',
  'staff.password_reset',
  'account.password_changed',
  'nxsys.connected',
  'nxsys.disconnected',
  'nxsys.connect_failed',
  'nxsys.refresh_failed',
  'nxsys.tokens_undecryptable',
  'candidate.created',
  'candidate.updated',
  'payment_rate.created',
  'payment_rate.updated',
  'timesheet.created',
  'timesheet.updated',
  'payslip.downloaded',
  'payslips.exported',
  'import.started',
  'import.finished',
  'candidates.exported',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  agencyId: string;
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  /** Never personal data or secrets: ids, codes and counts only. */
  details?: InputJsonValue;
}

type Writer = Pick<PrismaClient, 'auditEvent'>;

export async function recordAudit(db: Writer, entry: AuditEntry) {
  await db.auditEvent.create({ data: entry });
}
