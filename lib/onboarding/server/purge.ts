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
 * sending, for a form never submitted), one audit entry per invitation — ids and names only, never the details.
 * One UPDATE … RETURNING picks and clears the rows, so two instances running it at once audit each row once.
 */
export async function purgeStaleSubmissions(client: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - SUBMISSION_TTL_MS);
  const purged = await client.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; agencyId: string; name: string }[]>`
      UPDATE "OnboardingInvitation" SET "submission" = NULL, "tokenHash" = NULL
      WHERE "submission" IS NOT NULL AND "sentToNxsysAt" IS NULL
        AND ("submittedAt" <= ${before} OR ("submittedAt" IS NULL AND "sentAt" <= ${before}))
      RETURNING id, "agencyId", name`;
    for (const row of rows) {
      await recordAudit(tx, {
        agencyId: row.agencyId,
        actorId: null,
        action: 'onboarding.purged',
        targetType: 'onboarding',
        targetId: row.id,
        targetLabel: row.name,
      });
    }
    return rows.length;
  });
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
