import 'server-only';
import { randomInt } from 'node:crypto';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/api-error';
import { recordAudit } from '@/lib/server/audit';
import { hashPassword, verifyPassword } from '@/lib/server/auth/password';
import { endAllSessionsOf, endOtherSessionsOf } from '@/lib/server/auth/sessions';
import { KEY_RULE, releaseAttempt, reserveAttempt } from '@/lib/server/auth/throttle';
import type { ChangePassword, NewStaff, StaffMember } from '../schema';

interface Actor {
  id: string;
  agency: { id: string };
}

const toStaffMember = (u: {
  id: string;
  name: string;
  email: string;
  role: 'ADMIN' | 'STAFF';
  deactivatedAt: Date | null;
  mustChangePassword: boolean;
  createdAt: Date;
}): StaffMember => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  active: !u.deactivatedAt,
  mustChangePassword: u.mustChangePassword,
  createdAt: u.createdAt.toISOString(),
});

export async function listStaff(db: PrismaClient, agencyId: string): Promise<StaffMember[]> {
  const users = await db.user.findMany({ where: { agencyId }, orderBy: [{ deactivatedAt: 'asc' }, { name: 'asc' }] });
  return users.map(toStaffMember);
}

export async function addStaff(db: PrismaClient, actor: Actor, input: NewStaff): Promise<StaffMember> {
  const existing = await db.user.findUnique({ where: { email: input.email } });
  if (existing) {
    // Same answer whichever agency holds the address: no hint about other agencies' staff.
    throw new ApiError('email_taken', undefined, {
      email: 'This email address is already in use.',
    });
  }
  const user = await db.user.create({
    data: {
      agencyId: actor.agency.id,
      name: input.name,
      email: input.email,
      role: input.role,
      passwordHash: await hashPassword(input.password),
    },
  });
  await recordAudit(db, {
    agencyId: actor.agency.id,
    actorId: actor.id,
    action: 'staff.created',
    targetType: 'user',
    targetId: user.id,
    targetLabel: user.name,
    details: { role: user.role },
  });
  return toStaffMember(user);
}

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
type Member = Awaited<ReturnType<Tx['user']['findFirstOrThrow']>>;

/**
 * Runs a change to a member's role or active state in one transaction holding the agency's admins lock (a
 * PostgreSQL advisory lock, so it holds across instances): two admins demoting or deactivating each other at once
 * are serialised, and the second one finds the first already gone. A change that takes an active admin away is
 * refused when no other active admin would remain, and revokes the pending invitations that admin sent (an
 * invitation speaks for its admin; acceptInvitation also checks the inviter is still one).
 */
async function changeMember<T>(
  db: PrismaClient,
  actor: Actor,
  userId: string,
  /** The change takes the admin role or access away (demote, deactivate). */
  removesAdmin: boolean,
  change: (tx: Tx, user: Member) => Promise<T>,
): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`agency-admins:${actor.agency.id}`}))`;
    const user = await tx.user.findFirst({ where: { id: userId, agencyId: actor.agency.id } });
    if (!user) throw new ApiError('not_found', 'No such staff member in your agency.');
    if (removesAdmin && user.role === 'ADMIN' && !user.deactivatedAt) {
      const others = await tx.user.count({
        where: { agencyId: actor.agency.id, role: 'ADMIN', deactivatedAt: null, id: { not: user.id } },
      });
      if (others === 0) throw new ApiError('last_admin');
      await tx.invitation.updateMany({
        where: { invitedById: user.id, acceptedAt: null, revokedAt: null },
        data: { revokedAt: new Date() },
      });
    }
    return change(tx, user);
  });
}

/** Deactivating ends every session of the user at once; their history stays. */
export async function setStaffActive(db: PrismaClient, actor: Actor, userId: string, active: boolean) {
  if (userId === actor.id && !active) {
    throw new ApiError('cannot_deactivate_self');
  }
  return changeMember(db, actor, userId, !active, async (tx, user) => {
    if (!user.deactivatedAt === active) return toStaffMember(user); // already so (a double click): nothing to record
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { deactivatedAt: active ? null : new Date() },
    });
    if (!active) await tx.session.deleteMany({ where: { userId: user.id } });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: active ? 'staff.reactivated' : 'staff.deactivated',
      targetType: 'user',
      targetId: user.id,
      targetLabel: user.name,
    });
    return toStaffMember(updated);
  });
}

async function memberOf(db: PrismaClient, actor: Actor, userId: string) {
  const user = await db.user.findFirst({ where: { id: userId, agencyId: actor.agency.id } });
  if (!user) throw new ApiError('not_found', 'No such staff member in your agency.');
  return user;
}

/** An admin changes a staff member's role (not their own: an agency must never lose its last admin by accident). */
export async function setStaffRole(db: PrismaClient, actor: Actor, userId: string, role: 'ADMIN' | 'STAFF') {
  if (userId === actor.id) throw new ApiError('cannot_change_own_role');
  return changeMember(db, actor, userId, role !== 'ADMIN', async (tx, user) => {
    if (user.role === role) return toStaffMember(user);
    const updated = await tx.user.update({ where: { id: user.id }, data: { role } });
    await recordAudit(tx, {
      agencyId: actor.agency.id,
      actorId: actor.id,
      action: 'staff.role_changed',
      targetType: 'user',
      targetId: user.id,
      targetLabel: user.name,
      details: { from: user.role, to: role },
    });
    return toStaffMember(updated);
  });
}

// No look-alike characters (0/O, 1/l/I): it is read off a screen and typed.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** 20 characters from 56: ~116 bits. */
export function temporaryPassword(length = 20) {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

/**
 * An admin resets a staff member's password: a temporary password, returned once (shown once, never stored in
 * clear or logged), which must be changed at the next sign-in; every session of theirs ends at once. No e-mail.
 */
export async function resetStaffPassword(db: PrismaClient, actor: Actor, userId: string) {
  const user = await memberOf(db, actor, userId);
  if (user.id === actor.id) throw new ApiError('cannot_reset_own_password');
  const password = temporaryPassword();
  const updated = await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(password), mustChangePassword: true },
  });
  await endAllSessionsOf(db, user.id);
  await recordAudit(db, {
    agencyId: actor.agency.id,
    actorId: actor.id,
    action: 'staff.password_reset',
    targetType: 'user',
    targetId: user.id,
    targetLabel: user.name,
  });
  return { member: toStaffMember(updated), temporaryPassword: password };
}

/** Anyone changes their own password (knowing the current one); their other sessions end. */
export async function changeOwnPassword(db: PrismaClient, actor: Actor & { sessionId: string }, input: ChangePassword) {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id } });
  // Throttled like sign-in (a stolen session must not guess the password at full speed), per account.
  const key = `password-check:${user.id}`;
  const reservation = await reserveAttempt(db, [{ key, rule: KEY_RULE }]);
  if (reservation.refuseMs > 0) {
    throw new ApiError(
      'too_many_attempts',
      `Too many wrong passwords. Try again in ${Math.ceil(reservation.refuseMs / 60_000)} minute(s).`,
    );
  }
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ApiError('validation_failed', 'Some fields need attention.', { currentPassword: 'This is not your current password' });
  }
  await releaseAttempt(db, reservation, [key], []);
  await db.user.update({
    where: { id: user.id },
    data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false },
  });
  await endOtherSessionsOf(db, user.id, actor.sessionId);
  await recordAudit(db, {
    agencyId: actor.agency.id,
    actorId: actor.id,
    action: 'account.password_changed',
    targetType: 'user',
    targetId: user.id,
    targetLabel: user.name,
  });
}
