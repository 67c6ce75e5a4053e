import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { EXPIRY_WINDOW_DAYS, readExpiriesFromNxsys, type ExpiryReader } from '@/lib/candidates/server';
import { ukDate as formatDate } from '@/lib/dates';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { db as appDb } from '@/lib/server/db';
import { defineJob, sendJob } from '@/lib/server/jobs';
import { adminsToNotify } from './preferences';

/** Documents expiring this many days ahead (or already expired) are listed. */
export const DIGEST_WINDOW_DAYS = EXPIRY_WINDOW_DAYS;

/** ISO week of a date, e.g. "2026-W48": one digest per agency and week. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(d.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((d.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * One agency's weekly digest: the candidates whose right-to-work document expires within 30 days (or has
 * expired), to each admin who has not switched it off. At most once per agency and week (the period is recorded
 * in the same transaction as the e-mails), so a job that runs again sends nothing more. Returns e-mails queued.
 */
export async function sendRightToWorkDigest(
  db: PrismaClient,
  agencyId: string,
  { now = new Date(), read = readExpiriesFromNxsys }: { now?: Date; read?: ExpiryReader } = {},
): Promise<number> {
  const week = isoWeek(now);
  const kind = 'right_to_work_digest';
  if (await db.notificationIncident.findUnique({ where: { agencyId_kind_periodKey: { agencyId, kind, periodKey: week } } })) return 0;
  const agency = await db.agency.findUnique({ where: { id: agencyId } });
  if (!agency) return 0;
  const today = isoDay(now);
  const until = isoDay(new Date(now.getTime() + DIGEST_WINDOW_DAYS * 86_400_000));
  const scan = await read(agencyId, today, until);
  const unchecked = scan.unchecked;
  const documents = scan.documents.filter((d) => d.expiryDate <= until);
  documents.sort((a, b) => a.expiryDate.localeCompare(b.expiryDate) || a.name.localeCompare(b.name));
  let mailIds: string[] = [];
  try {
    mailIds = await db.$transaction(async (tx) => {
      await tx.notificationIncident.create({ data: { agencyId, kind, periodKey: week, openedAt: now } });
      if (documents.length === 0) return [];
      const ids: string[] = [];
      const items = documents.map(
        (d) => `${d.name} (${d.candidateId}): ${d.expiryDate < today ? 'expired' : 'expires'} ${formatDate(d.expiryDate)}`,
      );
      for (const admin of await adminsToNotify(tx, agencyId, 'right_to_work')) {
        ids.push(
          await queueMail(tx, {
            agencyId,
            userId: admin.id,
            to: admin.email,
            kind,
            email: renderEmail({
              agencyName: agency.name,
              subject: `Right-to-work documents expiring: ${documents.length} candidate${documents.length === 1 ? '' : 's'}`,
              heading: 'Right-to-work documents expiring within 30 days',
              paragraphs: [
                `These candidates of ${agency.name} have a right-to-work document that expires by ${formatDate(until)} (dates as Nxsys holds them):`,
                ...(unchecked
                  ? [`${unchecked} candidate${unchecked === 1 ? '' : 's'} could not be checked (Nxsys did not send an expiry date).`]
                  : []),
              ],
              items,
              action: { label: 'Open candidates', url: appUrl('/candidates') },
              footer: `You get this weekly because you are an admin of ${agency.name}. You can switch it off on your account page: ${appUrl('/account')}`,
            }),
          }),
        );
        await recordAudit(tx, {
          agencyId,
          actorId: null,
          action: 'notification.queued',
          targetType: 'user',
          targetId: admin.id,
          details: { kind, week, candidates: documents.length },
        });
      }
      return ids;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return 0; // this week's digest was made by an earlier run
    throw error;
  }
  await dispatchMail(mailIds);
  return mailIds.length;
}

export const rightToWorkAgencyJob = defineJob({
  name: 'right-to-work-digest-agency',
  payload: z.object({ agencyId: z.string().min(1) }),
  queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 30 * 60 },
  async handle({ agencyId }) {
    await sendRightToWorkDigest(appDb, agencyId);
  },
});

/** Mondays 07:00 UTC, once across instances: one job per connected agency. */
export const rightToWorkDigestJob = defineJob({
  name: 'right-to-work-digest',
  payload: z.object({}).passthrough(),
  schedule: '0 7 * * 1',
  queue: { policy: 'singleton', retryLimit: 1, expireInSeconds: 15 * 60 },
  async handle() {
    const connected = await appDb.nxsysConnection.findMany({ where: { status: 'CONNECTED' }, select: { agencyId: true } });
    const week = isoWeek(new Date());
    for (const { agencyId } of connected) {
      await sendJob(rightToWorkAgencyJob, { agencyId }, { singletonKey: `${agencyId}:${week}` });
    }
  },
});
