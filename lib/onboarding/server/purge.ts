import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/server/audit';
import { db } from '@/lib/server/db';
import { defineJob } from '@/lib/server/jobs';
import { SUBMISSION_TTL_MS } from './onboarding';
import { ONBOARDING_WINDOW_MS } from './throttle';

/**
 * Deletes what candidates typed when nobody sent it to Nxsys within 30 days of submitting (or of the link's last
 * sending, for a form never submitted), one audit entry per invitation — ids only, never the details. Each row is
 * cleared by a compare-and-set, so two instances running it at once audit it once.
 */
export async function purgeStaleSubmissions(client: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - SUBMISSION_TTL_MS);
  const stale = await client.onboardingInvitation.findMany({
    where: {
      submission: { not: null },
      sentToNxsysAt: null,
      OR: [{ submittedAt: { lte: before } }, { submittedAt: null, sentAt: { lte: before } }],
    },
    select: { id: true, agencyId: true, name: true },
  });
  let purged = 0;
  for (const row of stale) {
    await client.$transaction(async (tx) => {
      const cleared = await tx.onboardingInvitation.updateMany({
        where: { id: row.id, submission: { not: null }, sentToNxsysAt: null },
        data: { submission: null, tokenHash: null },
      });
      if (cleared.count === 0) return;
      purged += 1;
      await recordAudit(tx, {
        agencyId: row.agencyId,
        actorId: null,
        action: 'onboarding.purged',
        targetType: 'onboarding',
        targetId: row.id,
        targetLabel: row.name,
      });
    });
  }
  await client.onboardingAttempt.deleteMany({ where: { at: { lte: new Date(now.getTime() - ONBOARDING_WINDOW_MS) } } });
  return purged;
}

export const onboardingPurgeJob = defineJob({
  name: 'onboarding-purge',
  payload: z.object({}).passthrough(),
  schedule: '17 3 * * *',
  queue: { policy: 'singleton', retryLimit: 2, expireInSeconds: 10 * 60 },
  async handle() {
    await purgeStaleSubmissions(db);
  },
});
