import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/server/audit';
import { NOTIFICATION_KINDS, type NotificationKind, type NotificationPreferences } from '../schema';

type Reader = Pick<PrismaClient, 'notificationOptOut'>;

export async function notificationPreferences(db: Reader, userId: string): Promise<NotificationPreferences> {
  const off = new Set((await db.notificationOptOut.findMany({ where: { userId } })).map((o) => o.kind));
  return Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, !off.has(k)])) as NotificationPreferences;
}

export async function updateNotificationPreferences(
  db: PrismaClient,
  user: { id: string; agency: { id: string } },
  preferences: NotificationPreferences,
): Promise<NotificationPreferences> {
  await db.$transaction(async (tx) => {
    for (const kind of NOTIFICATION_KINDS) {
      if (preferences[kind]) await tx.notificationOptOut.deleteMany({ where: { userId: user.id, kind } });
      else
        await tx.notificationOptOut.upsert({
          where: { userId_kind: { userId: user.id, kind } },
          create: { userId: user.id, kind },
          update: {},
        });
    }
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'notification_preferences.updated',
      targetType: 'user',
      targetId: user.id,
      details: { ...preferences },
    });
  });
  return notificationPreferences(db, user.id);
}

/** Active admins of the agency who have not switched this kind off. */
export async function adminsToNotify(db: Pick<PrismaClient, 'user'>, agencyId: string, kind: NotificationKind) {
  return db.user.findMany({
    where: { agencyId, role: 'ADMIN', deactivatedAt: null, notificationOptOuts: { none: { kind } } },
    select: { id: true, email: true, name: true },
    orderBy: { createdAt: 'asc' },
  });
}
