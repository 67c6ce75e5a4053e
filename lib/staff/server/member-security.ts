import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { endAllSessionsOf } from '@/lib/server/auth/sessions';

interface Actor {
  id: string;
  agency: { id: string };
}

/** The agency's policy and who in it has a second factor, for the staff page. */
export async function agencySecondFactors(db: PrismaClient, agencyId: string) {
  const [agency, members] = await Promise.all([
    db.agency.findUniqueOrThrow({ where: { id: agencyId }, select: { requireMfa: true } }),
    db.user.findMany({
      where: { agencyId, deactivatedAt: null },
      select: { id: true, name: true, totpFactor: { select: { confirmedAt: true } }, _count: { select: { passkeys: true } } },
      orderBy: { name: 'asc' },
    }),
  ]);
  return {
    requireMfa: agency.requireMfa,
    members: members.map((m) => ({ id: m.id, name: m.name, hasSecondFactor: !!m.totpFactor?.confirmedAt || m._count.passkeys > 0 })),
  };
}

/** An admin requires (or stops requiring) a second factor of everyone in the agency; audited when it changes. */
export async function setAgencyMfaPolicy(db: PrismaClient, actor: Actor, requireMfa: boolean) {
  await db.$transaction(async (tx) => {
    // Compare-and-set: of two identical changes at once, one is the change (and the one audit entry).
    const changed = await tx.agency.updateMany({ where: { id: actor.agency.id, requireMfa: !requireMfa }, data: { requireMfa } });
    if (changed.count === 0) return;
    await recordAudit(tx, { agencyId: actor.agency.id, actorId: actor.id, action: 'mfa.policy_changed', details: { requireMfa } });
  });
  return { requireMfa };
}

/**
 * An admin resets a member's second factors (a lost phone): the app, recovery codes and passkeys go, their sessions and
 * pending sign-ins end, the member is e-mailed. Once: of two resets at once, the one that removed the app does the rest.
 */
export async function resetMemberSecondFactors(db: PrismaClient, actor: Actor, userId: string) {
  const member = await db.user.findFirst({ where: { id: userId, agencyId: actor.agency.id }, include: { agency: true } });
  if (!member) throw new ApiError('not_found', 'No such staff member in your agency.');
  if (member.id === actor.id) throw new ApiError('cannot_reset_own_factors');
  const mailId = await db.$transaction(async (tx) => {
    const removed = await tx.totpFactor.deleteMany({ where: { userId: member.id, confirmedAt: { not: null } } });
    const passkeys = await tx.passkey.deleteMany({ where: { userId: member.id } });
    if (removed.count + passkeys.count === 0) return null;
    await tx.totpFactor.deleteMany({ where: { userId: member.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: member.id } });
    await tx.pendingSignIn.deleteMany({ where: { userId: member.id } });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'mfa.reset_by_admin',
      targetType: 'user',
      targetId: member.id,
      targetLabel: member.name,
    });
    return queueMail(tx, {
      agencyId: member.agencyId,
      userId: member.id,
      to: member.email,
      kind: 'security_notice',
      email: renderEmail({
        agencyName: member.agency.name,
        subject: 'Your two-factor sign-in was reset',
        heading: 'Your two-factor sign-in was reset',
        paragraphs: [
          `Hello ${member.name},`,
          `An admin of ${member.agency.name} removed your authenticator app, recovery codes and passkeys from the agency portal, and signed you out everywhere.`,
          'Sign in with your password, then set up your authenticator app or a passkey again on your account page.',
        ],
        action: { label: 'Sign in', url: appUrl('/sign-in') },
        footer: 'If you did not ask for this, tell your agency at once.',
      }),
    });
  });
  if (mailId === null) return { reset: false };
  await endAllSessionsOf(db, member.id);
  await dispatchMail([mailId]);
  return { reset: true };
}

/** An admin signs a member out everywhere (a lost laptop): every session of theirs ends; audited with the count. */
export async function endMemberSessions(db: PrismaClient, actor: Actor, userId: string) {
  const member = await db.user.findFirst({ where: { id: userId, agencyId: actor.agency.id } });
  if (!member) throw new ApiError('not_found', 'No such staff member in your agency.');
  const ended = (await db.session.deleteMany({ where: { userId: member.id } })).count;
  await recordAudit(db, {
    agencyId: actor.agency.id,
    actorId: actor.id,
    action: 'staff.sessions_ended',
    targetType: 'user',
    targetId: member.id,
    targetLabel: member.name,
    details: { sessions: ended },
  });
  return { ended };
}
