import 'server-only';
import { z } from 'zod';
import type { PrismaClient } from '@/lib/generated/prisma/client';
import { draftsAwaitingReview } from '@/lib/timesheets/server';
import { candidateCountries } from '@/lib/candidates/server';
import { missingTimesheets, type MissingTimesheets, type MissingWorker } from '@/lib/dashboard/server';
import { ukDate } from '@/lib/dates';
import { appUrl, dispatchMail, queueMail, renderEmail } from '@/lib/mail/server';
import { recordAudit } from '@/lib/server/audit';
import { db as appDb } from '@/lib/server/db';
import { defineJob, sendJob } from '@/lib/server/jobs';
import { isoWeek } from './right-to-work';

/**
 * The weekly "timesheets missing" reminder: at the agency's chosen day and time (its time zone, Europe/London by
 * default), each person gets the workers whose last timesheet they entered (through the portal's form or grid —
 * WriteRequest.createdById — or an import or copy they started — ImportJob.createdById — or a draft they entered that a
 * reviewer approved — TimesheetDraft.authorId) and whose timesheet this
 * period is missing. Exactly once per agency and week: the week is recorded (NotificationIncident's unique
 * periodKey) in the same transaction as the e-mails, so a second run, in any instance, sends nothing.
 */
const KIND = 'timesheet_reminder';
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export interface ReminderSettings {
  reminderEnabled: boolean;
  reminderDay: number;
  reminderTime: string;
  reminderTimeZone: string;
}

/** The local date (yyyy-mm-dd), weekday (1 = Monday) and time ("HH:MM") of a moment in a time zone. */
function localParts(now: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: WEEKDAYS.indexOf(parts.weekday!) + 1,
    time: `${parts.hour}:${parts.minute}`,
  };
}

/**
 * This week's reminder, when its slot has come (a check that runs late — an instance was down — still sends it within
 * the same local week): the week's key ("2026-W49", the local week), else null.
 */
export function reminderWeekDue(settings: ReminderSettings, now: Date): string | null {
  if (!settings.reminderEnabled) return null;
  const local = localParts(now, settings.reminderTimeZone);
  const reached = local.weekday > settings.reminderDay || (local.weekday === settings.reminderDay && local.time >= settings.reminderTime);
  return reached ? isoWeek(new Date(`${local.date}T00:00:00Z`)) : null;
}

type MissingReader = (agency: { id: string; name: string }, now: Date) => Promise<MissingTimesheets>;
const readMissing: MissingReader = (agency, now) => missingTimesheets({ agency }, now);

/**
 * Who entered each of these timesheets through the portal: the form or grid's write, else the draft's author when a
 * reviewer approved it (the approval's import job names the reviewer, who only checked it), else the import or copy's
 * starter.
 */
async function enteredBy(db: PrismaClient, agencyId: string, timesheetIds: string[]): Promise<Map<string, string>> {
  const [writes, items, reviewed] = await Promise.all([
    db.writeRequest.findMany({
      where: { agencyId, nxsysId: { in: timesheetIds }, createdById: { not: null } },
      select: { nxsysId: true, createdById: true },
    }),
    db.importItem.findMany({
      where: { agencyId, nxsysId: { in: timesheetIds }, job: { createdById: { not: null } } },
      select: { nxsysId: true, job: { select: { createdById: true } } },
    }),
    db.timesheetDraft.findMany({
      where: { agencyId, nxsysId: { in: timesheetIds }, status: 'SENT' },
      select: { nxsysId: true, authorId: true },
    }),
  ]);
  const by = new Map<string, string>();
  for (const i of items) by.set(i.nxsysId!, i.job.createdById!);
  for (const d of reviewed) by.set(d.nxsysId!, d.authorId);
  for (const w of writes) by.set(w.nxsysId!, w.createdById!);
  return by;
}

/**
 * One agency's reminder, if due and not yet made this week. Returns the e-mails queued (0 when not due, already
 * made, or nobody had anything to do). Nxsys is read before the week is claimed; a run that loses the claim sends
 * nothing.
 */
export async function sendTimesheetReminders(
  db: PrismaClient,
  agencyId: string,
  { now = new Date(), read = readMissing }: { now?: Date; read?: MissingReader } = {},
): Promise<number> {
  const agency = await db.agency.findUnique({ where: { id: agencyId } });
  const week = agency && reminderWeekDue(agency, now);
  if (!agency || !week) return 0;
  if (await db.notificationIncident.findUnique({ where: { agencyId_kind_periodKey: { agencyId, kind: KIND, periodKey: week } } })) return 0;

  const agencyRef = { id: agency.id, name: agency.name };
  const missing = await read(agencyRef, now);
  const workers = missing.groups.flatMap((g) => g.workers.map((w) => ({ ...w, period: g.current })));
  const entered = workers.length
    ? await enteredBy(
        db,
        agencyId,
        workers.map((w) => w.lastTimesheetId),
      )
    : new Map<string, string>();
  const names = workers.some((w) => !w.name) ? (await candidateCountries({ agency: agencyRef }).catch(() => null))?.nameById : undefined;
  const line = (w: MissingWorker & { period: { start: string; end: string } }) =>
    `${w.name ?? names?.get(w.candidateId) ?? w.candidateId}${w.name || names?.get(w.candidateId) ? ` (${w.candidateId})` : ''}: nothing for ${ukDate(w.period.start)} – ${ukDate(w.period.end)}; last timesheet ${ukDate(w.lastStart)} – ${ukDate(w.lastEnd)}`;

  // Timesheets held for the four-eyes review: each admin is told how many wait (lib/timesheets/server/drafts.ts).
  const waiting = await draftsAwaitingReview(agencyId);
  let mailIds: string[] = [];
  try {
    mailIds = await db.$transaction(async (tx) => {
      await tx.notificationIncident.create({ data: { agencyId, kind: KIND, periodKey: week, openedAt: now } });
      const active = await tx.user.findMany({
        where: { agencyId, deactivatedAt: null },
        select: {
          id: true,
          email: true,
          role: true,
          notificationOptOuts: { where: { kind: 'timesheet_reminders' }, select: { kind: true } },
        },
        orderBy: { createdAt: 'asc' },
      });
      // Workers nobody here entered (in Nxsys itself, or by someone who has left) go to the admins.
      const unclaimed = workers.filter((w) => !active.some((p) => p.id === entered.get(w.lastTimesheetId)));
      const ids: string[] = [];
      for (const person of active.filter((p) => p.notificationOptOuts.length === 0)) {
        const mine = workers.filter((w) => entered.get(w.lastTimesheetId) === person.id);
        const theirs = person.role === 'ADMIN' ? unclaimed : [];
        const review = person.role === 'ADMIN' ? waiting : 0;
        if (mine.length + theirs.length === 0 && review === 0) continue;
        const items = [...mine.map(line), ...theirs.map((w) => `${line(w)} (not entered by anyone in this portal)`)];
        const drafts = review
          ? [`${review} timesheet${review === 1 ? '' : 's'} waiting for your review: ${appUrl('/timesheets/review')}`]
          : [];
        ids.push(
          await queueMail(tx, {
            agencyId,
            userId: person.id,
            to: person.email,
            kind: KIND,
            email: renderEmail({
              agencyName: agency.name,
              subject: items.length
                ? `Timesheets missing: ${items.length} worker${items.length === 1 ? '' : 's'}`
                : `Timesheets waiting for your review: ${review}`,
              heading: items.length ? 'Timesheets missing this period' : 'Timesheets waiting for your review',
              paragraphs: [
                ...drafts,
                ...(items.length
                  ? [
                      `These workers had a timesheet in each of the two periods before this one, and none this period in Nxsys${
                        missing.complete ? '' : ' (not every timesheet could be read, so there may be more)'
                      }:`,
                    ]
                  : []),
              ],
              items,
              action: { label: 'Open the dashboard', url: appUrl('/') },
              footer: `You get this weekly from ${agency.name}. You can switch it off on your account page: ${appUrl('/account')}`,
            }),
          }),
        );
        await recordAudit(tx, {
          agencyId,
          actorId: null,
          action: 'notification.queued',
          targetType: 'user',
          targetId: person.id,
          details: { kind: KIND, week, workers: items.length },
        });
      }
      return ids;
    });
  } catch (error) {
    if ((error as { code?: string }).code === 'P2002') return 0; // this week's reminder was made by another run
    throw error;
  }
  await dispatchMail(mailIds);
  return mailIds.length;
}

export const timesheetReminderAgencyJob = defineJob({
  name: 'timesheet-reminder-agency',
  payload: z.object({ agencyId: z.string().min(1) }),
  queue: { retryLimit: 3, retryDelay: 300, retryBackoff: true, expireInSeconds: 30 * 60 },
  async handle({ agencyId }) {
    await sendTimesheetReminders(appDb, agencyId);
  },
});

/**
 * Every 10 minutes (pg-boss schedules are UTC cron; each agency's slot is in its own time zone): a job for each
 * connected agency whose reminder is due this week and not yet made. The agency job checks again and claims the week.
 */
export const timesheetRemindersJob = defineJob({
  name: 'timesheet-reminders',
  payload: z.object({}).passthrough(),
  schedule: '*/10 * * * *',
  queue: { policy: 'singleton', retryLimit: 1, expireInSeconds: 10 * 60 },
  async handle() {
    const now = new Date();
    const agencies = await appDb.agency.findMany({
      where: { reminderEnabled: true, connection: { status: 'CONNECTED' } },
      select: { id: true, reminderEnabled: true, reminderDay: true, reminderTime: true, reminderTimeZone: true },
    });
    for (const agency of agencies) {
      const week = reminderWeekDue(agency, now);
      if (!week) continue;
      const made = await appDb.notificationIncident.findUnique({
        where: { agencyId_kind_periodKey: { agencyId: agency.id, kind: KIND, periodKey: week } },
      });
      if (!made) await sendJob(timesheetReminderAgencyJob, { agencyId: agency.id }, { singletonKey: `${agency.id}:${week}` });
    }
  },
});
