import 'server-only';
import { createCandidate, findCreatedCandidate } from '@/lib/candidates/server';
import type { Country } from '@/lib/candidates/options';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { db } from '@/lib/server/db';
import { exactlyOnce } from '@/lib/server/idempotency';

/**
 * Staff send a reviewed submission to Nxsys: the staff form's create path (its schema, duplicate NI/PPS check and
 * idempotency), keyed by the invitation — so a double click, two tabs or two instances make one candidate. Then the
 * invitation keeps the SR id and what the candidate typed is deleted (compare-and-set: audited once). Only the
 * submission the staff member reviewed (`version`) is sent.
 */
export async function sendOnboardingToNxsys(
  user: CurrentUser,
  id: string,
  input: unknown,
  version: string | null,
): Promise<{ id: string | null }> {
  const row = await db.onboardingInvitation.findFirst({ where: { id, agencyId: user.agency.id, submittedAt: { not: null } } });
  if (!row || (!row.submission && !row.sentToNxsysAt))
    throw new ApiError('not_found', 'There is no submitted form to send for this invitation.');
  if (row.sentToNxsysAt) return { id: row.srId };
  // The review the staff member read (submissionFor's version): after "Ask for changes" the candidate submits again,
  // and a tab still showing the earlier answers must not send them over the corrected ones.
  if (version !== row.submittedAt!.toISOString()) throw new ApiError('submission_changed');
  const country = row.country as Country;
  const { data } = await exactlyOnce(
    user,
    {
      scope: 'candidate.create',
      key: `onboarding:${row.id}`,
      request: { country, body: input },
      recover: async () => {
        const found = await findCreatedCandidate(user, country, input);
        return found ? { status: 201, data: { id: found }, nxsysId: found } : null;
      },
    },
    async (claim) => {
      await claim.beforeSend();
      const created = await createCandidate(user, country, input);
      return { status: 201, data: created, nxsysId: created.id };
    },
  );
  const srId = typeof data.id === 'string' ? data.id : null;
  await db.$transaction(async (tx) => {
    const done = await tx.onboardingInvitation.updateMany({
      where: { id: row.id, sentToNxsysAt: null },
      data: { sentToNxsysAt: new Date(), srId, submission: null, tokenHash: null },
    });
    if (done.count === 0) return;
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'onboarding.sent',
      targetType: 'onboarding',
      targetId: row.id,
      targetLabel: srId ? `${row.name} (${srId})` : row.name,
    });
  });
  return { id: srId };
}
