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
  'timesheets.exported',
  'payslip_difference.checked',
  'payslip_review.exported',
  'payslip_run.downloaded',
  'import.started',
  'import.finished',
  'import.resumed',
  'import.cancelled',
  'candidates.exported',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.second_factor_failed',
  'mfa.totp_enrolled',
  'mfa.totp_removed',
  'mfa.passkey_added',
  'mfa.passkey_removed',
  'mfa.recovery_codes_regenerated',
  'mfa.recovery_code_used',
  'mfa.policy_changed',
  'agency.reminders_updated',
  'mfa.reset_by_admin',
  'session.ended',
  'session.ended_others',
  'staff.sessions_ended',
  'step_up.passed',
  'onboarding.invited',
  'onboarding.resent',
  'onboarding.changes_requested',
  'onboarding.revoked',
  'onboarding.submitted',
  'onboarding.sent',
  'onboarding.purged',
  'review.setting_changed',
  'review.draft_held',
  'review.draft_edited',
  'review.draft_returned',
  'review.drafts_approved',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  agencyId: string;
  actorId: string | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  /**
   * How the target reads to the agency's admins, as it was at write time: a person's name, a record's code and
   * description ("Priya Shah (SR-101011)", "Payment rate PRCOMS — Commission"). Never identifiers such as NI numbers.
   */
  targetLabel?: string | null;
  /** Never personal data or secrets: ids, codes and counts only. */
  details?: InputJsonValue;
}

type Writer = Pick<PrismaClient, 'auditEvent'>;

export async function recordAudit(db: Writer, entry: AuditEntry) {
  const targetLabel = entry.targetLabel?.replace(/\s+/g, ' ').trim().slice(0, 200) || null;
  await db.auditEvent.create({ data: { ...entry, targetLabel } });
}

/** The pieces of a label joined as people read them: "Timesheet TS-1 — Priya Shah, period 32"; empty parts dropped. */
export function auditLabel(head: string, ...rest: (string | null | undefined)[]): string {
  const tail = rest.map((part) => part?.trim()).filter(Boolean);
  return tail.length ? `${head} — ${tail.join(', ')}` : head;
}
