import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { hashLinkToken, isLinkTokenShape, newLinkToken } from '@/lib/server/auth/link-tokens';
import { hashPassword } from '@/lib/server/auth/password';
import type { AcceptInvitation, NewInvitation, PendingInvitation } from '../schema';

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 72 * 3_600_000;

interface Actor {
  id: string;
  name: string;
  agency: { id: string; name: string };
}

type Row = { id: string; name: string; email: string; role: 'ADMIN' | 'STAFF'; sentAt: Date; expiresAt: Date };

const toPending = (row: Row, now: Date): PendingInvitation => ({
  id: row.id,
  name: row.name,
  email: row.email,
  role: row.role,
  sentAt: row.sentAt.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
  expired: row.expiresAt <= now,
});

function invitationEmail(actor: Actor, name: string, role: 'ADMIN' | 'STAFF', token: string, expiresAt: Date) {
  return renderEmail({
    agencyName: actor.agency.name,
    subject: `You are invited to ${actor.agency.name}'s agency portal`,
    heading: `Join ${actor.agency.name} on the agency portal`,
    paragraphs: [
      `Hello ${name},`,
      `${actor.name} has invited you to use ${actor.agency.name}'s agency portal as ${role === 'ADMIN' ? 'an admin' : 'a member of staff'}.`,
      `Open the link below to choose your password. It works once and until ${expiresAt.toUTCString().replace(' GMT', ' UTC')}.`,
    ],
    action: { label: 'Accept the invitation', url: appUrl(`/invitation?token=${token}`) },
    footer: 'If you did not expect this invitation, you can ignore this e-mail: nothing happens until the link is used.',
  });
}

export async function listPendingInvitations(db: PrismaClient, agencyId: string, now = new Date()): Promise<PendingInvitation[]> {
  const rows = await db.invitation.findMany({
    where: { agencyId, acceptedAt: null, revokedAt: null },
    orderBy: { sentAt: 'desc' },
  });
  return rows.map((r) => toPending(r, now));
}

/** An admin invites a colleague: an invitation row (hash only) and its e-mail, in one transaction. */
export async function createInvitation(db: PrismaClient, actor: Actor, input: NewInvitation, now = new Date()): Promise<PendingInvitation> {
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const { invitation, mailId } = await db.$transaction(async (tx) => {
    // One invitation per agency and address at a time, also when two admins (or a double click) send it at once.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`invitation:${actor.agency.id}:${input.email}`}))`;
    const holder = await tx.user.findUnique({ where: { email: input.email } });
    // Someone of this agency: the admin sees them on the staff list anyway.
    if (holder?.agencyId === actor.agency.id) {
      throw new ApiError('email_taken', undefined, { email: 'This email address is already in use.' });
    }
    const pending = await tx.invitation.findFirst({
      where: { agencyId: actor.agency.id, email: input.email, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } },
    });
    if (pending) throw new ApiError('invitation_pending', undefined, { email: 'This address already has a pending invitation.' });
    const invitation = await tx.invitation.create({
      data: {
        agencyId: actor.agency.id,
        email: input.email,
        name: input.name,
        role: input.role,
        tokenHash: hash,
        invitedById: actor.id,
        createdAt: now,
        sentAt: now,
        expiresAt,
      },
    });
    // An account in another agency: answered and listed as any invitation, so the admin learns nothing about other
    // agencies' people, but nothing is e-mailed (an address holds one account; the link could never be used).
    const mailId = holder
      ? null
      : await queueMail(tx, {
          agencyId: actor.agency.id,
          to: input.email,
          kind: 'invitation',
          email: invitationEmail(actor, input.name, input.role, token, expiresAt),
        });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'invitation.created',
      targetType: 'invitation',
      targetId: invitation.id,
      details: { role: input.role },
    });
    return { invitation, mailId };
  });
  if (mailId) await dispatchMail([mailId]);
  return toPending(invitation, now);
}

async function pendingOf(db: PrismaClient, actor: Actor, id: string) {
  const invitation = await db.invitation.findFirst({ where: { id, agencyId: actor.agency.id, acceptedAt: null, revokedAt: null } });
  if (!invitation) throw new ApiError('not_found', 'No such pending invitation in your agency.');
  return invitation;
}

/** A new link (the old one stops working) and a fresh 72 hours. */
export async function resendInvitation(db: PrismaClient, actor: Actor, id: string, now = new Date()): Promise<PendingInvitation> {
  const current = await pendingOf(db, actor, id);
  const { token, hash } = newLinkToken();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_MS);
  const { invitation, mailId } = await db.$transaction(async (tx) => {
    const updated = await tx.invitation.updateMany({
      where: { id: current.id, acceptedAt: null, revokedAt: null },
      data: { tokenHash: hash, sentAt: now, expiresAt },
    });
    if (updated.count === 0) throw new ApiError('not_found', 'No such pending invitation in your agency.');
    // As on create: an address that already has an account (in any agency) is never e-mailed an invitation.
    const mailId = (await tx.user.findUnique({ where: { email: current.email } }))
      ? null
      : await queueMail(tx, {
          agencyId: actor.agency.id,
          to: current.email,
          kind: 'invitation',
          email: invitationEmail(actor, current.name, current.role, token, expiresAt),
        });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'invitation.resent',
      targetType: 'invitation',
      targetId: current.id,
    });
    return { invitation: { ...current, sentAt: now, expiresAt }, mailId };
  });
  if (mailId) await dispatchMail([mailId]);
  return toPending(invitation, now);
}

export async function revokeInvitation(db: PrismaClient, actor: Actor, id: string, now = new Date()): Promise<void> {
  const current = await pendingOf(db, actor, id);
  await db.$transaction(async (tx) => {
    await tx.invitation.updateMany({ where: { id: current.id, acceptedAt: null, revokedAt: null }, data: { revokedAt: now } });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'invitation.revoked',
      targetType: 'invitation',
      targetId: current.id,
    });
  });
}

/** An invitation works only while the admin who sent it is still an active admin (acceptInvitation checks the same). */
async function inviterIsActiveAdmin(db: PrismaClient, userId: string) {
  return (await db.user.count({ where: { id: userId, role: 'ADMIN', deactivatedAt: null } })) > 0;
}

/** What the accept page shows for a link that still works, or null (unknown, used, revoked or expired). */
export async function openInvitation(db: PrismaClient, token: string | undefined, now = new Date()) {
  if (!isLinkTokenShape(token)) return null;
  const invitation = await db.invitation.findUnique({ where: { tokenHash: hashLinkToken(token) }, include: { agency: true } });
  if (!invitation || invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= now) return null;
  if (invitation.invitedById && !(await inviterIsActiveAdmin(db, invitation.invitedById))) return null;
  return { email: invitation.email, name: invitation.name, agencyName: invitation.agency.name };
}

/**
 * Uses an invitation link: single use (claimed atomically, so two tabs cannot both use it), within 72 hours,
 * not revoked. Creates the account with the chosen password; the browser then signs in with it.
 */
export async function acceptInvitation(db: PrismaClient, input: AcceptInvitation, now = new Date()): Promise<{ email: string }> {
  if (!isLinkTokenShape(input.token)) throw new ApiError('link_invalid');
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    const claimed = await tx.$queryRaw<{ id: string; agencyId: string; email: string; name: string; role: 'ADMIN' | 'STAFF' }[]>`
      UPDATE "Invitation" SET "acceptedAt" = ${now}
      WHERE "tokenHash" = ${hashLinkToken(input.token)} AND "acceptedAt" IS NULL AND "revokedAt" IS NULL AND "expiresAt" > ${now}
        AND ("invitedById" IS NULL OR EXISTS (
          SELECT 1 FROM "User" u WHERE u.id = "Invitation"."invitedById" AND u.role = 'ADMIN' AND u."deactivatedAt" IS NULL))
      RETURNING id, "agencyId", email, name, role::text AS role`;
    const invitation = claimed[0];
    if (!invitation) throw new ApiError('link_invalid');
    if (await tx.user.findUnique({ where: { email: invitation.email } })) {
      throw new ApiError('email_taken', 'An account with this email address already exists. Sign in instead.');
    }
    const user = await tx.user.create({
      data: { agencyId: invitation.agencyId, email: invitation.email, name: invitation.name, role: invitation.role, passwordHash },
    });
    await tx.invitation.update({ where: { id: invitation.id }, data: { userId: user.id } });
    await recordAudit(tx, {
      agencyId: invitation.agencyId,
      actorId: user.id,
      action: 'invitation.accepted',
      targetType: 'user',
      targetId: user.id,
      targetLabel: user.name,
      details: { role: invitation.role, invitation: invitation.id },
    });
    return { email: user.email };
  });
}
