import 'server-only';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { recordAudit } from '@/lib/server/audit';
import type { ReminderSettingsForm } from '../schema';

/** The agency's reminder setting as the admin's form holds it. */
export async function reminderSettings(db: Pick<PrismaClient, 'agency'>, agencyId: string): Promise<ReminderSettingsForm> {
  const a = await db.agency.findUniqueOrThrow({ where: { id: agencyId } });
  return {
    enabled: a.reminderEnabled,
    day: a.reminderDay,
    time: a.reminderTime,
    timeZone: a.reminderTimeZone as ReminderSettingsForm['timeZone'],
  };
}

/** An admin's choice, audited. A change takes effect from the next check (every 10 minutes); a week already sent stays sent. */
export async function updateReminderSettings(
  db: PrismaClient,
  user: { id: string; agency: { id: string } },
  input: ReminderSettingsForm,
): Promise<ReminderSettingsForm> {
  await db.$transaction(async (tx) => {
    await tx.agency.update({
      where: { id: user.agency.id },
      data: { reminderEnabled: input.enabled, reminderDay: input.day, reminderTime: input.time, reminderTimeZone: input.timeZone },
    });
    await recordAudit(tx, {
      agencyId: user.agency.id,
      actorId: user.id,
      action: 'agency.reminders_updated',
      details: { ...input },
    });
  });
  return reminderSettings(db, user.agency.id);
}
