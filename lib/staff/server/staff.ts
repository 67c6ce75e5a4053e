import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { ApiError } from '@/lib/errors/catalogue';
import { recordAudit } from '@/lib/server/audit';
import { hashPassword } from '@/lib/server/auth/password';
import { endAllSessionsOf } from '@/lib/server/auth/sessions';
import type { NewStaff, StaffMember } from '../schema';

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
  createdAt: Date;
}): StaffMember => ({
  id: u.id,
  name: u.name,
  email: u.email,
  role: u.role,
  active: !u.deactivatedAt,
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
    details: { role: user.role },
  });
  return toStaffMember(user);
}

/** Deactivating ends every session of the user at once; their history stays. */
export async function setStaffActive(db: PrismaClient, actor: Actor, userId: string, active: boolean) {
  const user = await db.user.findFirst({ where: { id: userId, agencyId: actor.agency.id } });
  if (!user) throw new ApiError('not_found', 'No such staff member in your agency.');
  if (user.id === actor.id && !active) {
    throw new ApiError('cannot_deactivate_self');
  }
  const updated = await db.user.update({
    where: { id: user.id },
    data: { deactivatedAt: active ? null : (user.deactivatedAt ?? new Date()) },
  });
  if (!active) await endAllSessionsOf(db, user.id);
  await recordAudit(db, {
    agencyId: actor.agency.id,
    actorId: actor.id,
    action: active ? 'staff.reactivated' : 'staff.deactivated',
    targetType: 'user',
    targetId: user.id,
  });
  return toStaffMember(updated);
}
