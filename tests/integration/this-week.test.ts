// "This week" on the dashboard and the weekly reminder (issue 29 parts 1 and 4): the workers whose timesheet is
// missing this period (a timesheet in each of the two periods before, none now; per pay frequency), read from the
// sandbox's documented timesheet list to its end; the reminder goes out once per agency and week however many runs
// race, to whoever entered each worker's last timesheet, never to someone who switched it off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeMissing, missingTimesheets, recentPeriods } from '@/lib/dashboard/server/missing';
import { importsNeedingAttention } from '@/lib/dashboard/server/todo';
import { reminderSettingsSchema } from '@/lib/notifications/schema';
import {
  reminderSettings,
  reminderWeekDue,
  sendTimesheetReminders,
  updateNotificationPreferences,
  updateReminderSettings,
} from '@/lib/notifications/server';
import type { CurrentUser } from '@/lib/server/auth/current-user';
import { generateKeyringEntry, parseKeyring } from '@/lib/server/crypto/token-encryption';
import { stopJobEngine } from '@/lib/server/jobs';
import { nxsysSettings } from '@/lib/server/nxsys/settings';
import { createTimesheet } from '@/lib/timesheets/server';
import type { Sandbox } from '../../sandbox/server';
import type { Timesheet } from '../../sandbox/store';
import { createUser, testDb } from '../helpers/db';
import { connectedAdmin, productEnv } from '../helpers/nxsys';
import { sandboxFor } from '../sandbox/helpers';

const db = testDb();
let sb: Sandbox;
let admin: CurrentUser;
const envBefore = { ...process.env };

// Wednesday 2 December 2026, 10:00 in London: this week is 30/11–06/12; tax fortnight 30/11–13/12; tax month 06/11–05/12.
const NOW = new Date('2026-12-02T10:00:00Z');
const COMPANY = 'COM-2';

const ids: Record<string, string> = {};
/** The last (previous period's) timesheet of each listed worker, by worker label. */
const lastSheet: Record<string, string> = {};

function sheet(candidateId: string, startDate: string, endDate: string, payFrequency: Timesheet['payFrequency'] = 'WEEKLY'): Timesheet {
  const store = sb.store;
  const ts: Timesheet = {
    ...store.nextId('TS'),
    candidateId,
    assignmentRef: null,
    startDate,
    endDate,
    taxYear: 2026,
    taxPeriod: 1,
    taxPeriodConfig: 1,
    monthConfig: null,
    payFrequency,
    paymentModel: 'PAYE' as Timesheet['paymentModel'],
    approveStatus: 'APPROVED' as Timesheet['approveStatus'],
    invoiceStatus: 'INVOICED',
    lines: [],
    createdAt: `${endDate}T17:00:00.000Z`,
    updatedAt: `${endDate}T17:00:00.000Z`,
  };
  store.company(COMPANY).timesheets.push(ts);
  return ts;
}

beforeAll(async () => {
  sb = await sandboxFor();
  const key = generateKeyringEntry('k1');
  Object.assign(process.env, productEnv(sb, key));
  admin = (await connectedAdmin(db, parseKeyring(key), nxsysSettings(), sb, 'payroll@harbour.example')) as unknown as CurrentUser;
  const data = sb.store.company(COMPANY);
  data.timesheets.length = 0;
  const c = data.candidates.map((x) => x.id);
  expect(c.length).toBeGreaterThanOrEqual(8);
  Object.assign(ids, { listed: c[0], current: c[1], once: c[2], monthly: c[3], monthlyNow: c[4], fortnight: c[5], gap: c[6], old: c[7] });
  // Weekly: sheets in both previous weeks and none this week → listed.
  sheet(ids.listed!, '2026-11-16', '2026-11-22');
  lastSheet.listed = sheet(ids.listed!, '2026-11-23', '2026-11-29').id;
  // Weekly with this week's sheet → not listed.
  sheet(ids.current!, '2026-11-16', '2026-11-22');
  sheet(ids.current!, '2026-11-23', '2026-11-29');
  sheet(ids.current!, '2026-11-30', '2026-12-06');
  // Only last week → not listed (not a regular worker); a gap last week → not listed either.
  sheet(ids.once!, '2026-11-23', '2026-11-29');
  sheet(ids.gap!, '2026-11-09', '2026-11-15');
  sheet(ids.gap!, '2026-11-16', '2026-11-22');
  // Monthly (tax months from the 6th): both previous months, none this month → listed; with this month's → not.
  sheet(ids.monthly!, '2026-09-06', '2026-10-05', 'MONTHLY');
  lastSheet.monthly = sheet(ids.monthly!, '2026-10-06', '2026-11-05', 'MONTHLY').id;
  sheet(ids.monthlyNow!, '2026-10-06', '2026-11-05', 'MONTHLY');
  sheet(ids.monthlyNow!, '2026-11-06', '2026-12-05', 'MONTHLY');
  // Two-weekly (tax fortnights; the sheet's length says so): 02/11–15/11 and 16/11–29/11, none from 30/11 → listed.
  sheet(ids.fortnight!, '2026-11-02', '2026-11-15');
  lastSheet.fortnight = sheet(ids.fortnight!, '2026-11-16', '2026-11-29').id;
  // Older history, outside every window.
  for (let w = 0; w < 5; w++) sheet(ids.old!, `2026-0${5 + w}-01`, `2026-0${5 + w}-07`);
  // Many more weekly workers (ids made up: the list names them by id) so the list runs over several pages of 100.
  for (let i = 0; i < 130; i++) {
    sheet(`SR-9${String(i).padStart(5, '0')}`, '2026-11-16', '2026-11-22');
    lastSheet[`bulk${i}`] = sheet(`SR-9${String(i).padStart(5, '0')}`, '2026-11-23', '2026-11-29').id;
  }
  expect(data.timesheets.length).toBeGreaterThan(270);
});

afterAll(async () => {
  await stopJobEngine({ graceful: false });
  process.env = envBefore;
  await sb.close();
  await db.$disconnect();
});

describe('timesheets missing this period', () => {
  it('lists, per pay frequency, the workers with a timesheet in each of the two periods before and none now, over every page', async () => {
    const missing = await missingTimesheets(admin, NOW);
    expect(missing.complete).toBe(true);
    const byFrequency = Object.fromEntries(missing.groups.map((g) => [g.frequency, g]));
    expect(byFrequency.WEEKLY!.current).toEqual({ start: '2026-11-30', end: '2026-12-06' });
    const weekly = byFrequency.WEEKLY!.workers.map((w) => w.candidateId);
    expect(weekly).toContain(ids.listed);
    expect(weekly).toHaveLength(131); // the listed worker and all 130 from the later pages
    for (const absent of [ids.current, ids.once, ids.gap, ids.old, ids.monthly, ids.fortnight]) expect(weekly).not.toContain(absent);
    expect(byFrequency.WEEKLY!.workers.find((w) => w.candidateId === ids.listed)).toMatchObject({
      lastTimesheetId: lastSheet.listed,
      lastStart: '2026-11-23',
    });
    expect(byFrequency.MONTHLY!.workers.map((w) => w.candidateId)).toEqual([ids.monthly]);
    expect(byFrequency.MONTHLY!.current).toEqual({ start: '2026-11-06', end: '2026-12-05' });
    expect(byFrequency.TWO_WEEKLY!.workers.map((w) => w.candidateId)).toEqual([ids.fortnight]);
    expect(byFrequency.TWO_WEEKLY!.current).toEqual({ start: '2026-11-30', end: '2026-12-13' });
  });

  it('says the list was not read to its end rather than showing a short count as whole', async () => {
    const pages = [0, 1, 2].map((p) =>
      Array.from({ length: 100 }, (_, i) => ({
        id: `TS-${p}${i}`,
        subcontractorRef: { id: `SR-${p}${i}` },
        startDate: '2026-11-23',
        endDate: '2026-11-29',
      })),
    );
    const reader = async (page: number) => ({ data: pages[page - 1] ?? [], meta: { hasMore: page < 3 } });
    const short = await computeMissing(reader, '2026-12-02', 2);
    expect(short.complete).toBe(false);
    // A server that ignores the sort (an older row before a newer one) is read to its end, not cut at the old row.
    const unsorted = [
      [{ id: 'TS-1', subcontractorRef: { id: 'SR-1' }, startDate: '2026-01-05', endDate: '2026-01-11' }],
      [
        { id: 'TS-2', subcontractorRef: { id: 'SR-1' }, startDate: '2026-11-16', endDate: '2026-11-22' },
        { id: 'TS-3', subcontractorRef: { id: 'SR-1' }, startDate: '2026-11-23', endDate: '2026-11-29' },
      ],
    ];
    const result = await computeMissing(async (page) => ({ data: unsorted[page - 1] ?? [], meta: { hasMore: page < 2 } }), '2026-12-02');
    expect(result.complete).toBe(true);
    expect(result.groups[0]!.workers.map((w) => w.candidateId)).toEqual(['SR-1']);
  });

  it('fails with a clear error when Nxsys cannot be read (nothing cached, no list made up)', async () => {
    sb.control.setFaults({ failRate: 1, failStatus: 503, method: 'GET', pathPrefix: '/nxsys/time-sheets' });
    try {
      const otherDay = new Date('2026-12-03T10:00:00Z'); // another day: not the cached list
      await expect(missingTimesheets(admin, otherDay)).rejects.toMatchObject({ code: expect.stringMatching(/^nxsys_/) });
    } finally {
      sb.control.clearFaults();
    }
  });

  it('walks periods by the calendar, across the tax year and month ends', () => {
    expect(recentPeriods('2026-04-07', 'WEEKLY').map((p) => p.start)).toEqual(['2026-04-06', '2026-03-30', '2026-03-23']);
    expect(recentPeriods('2026-04-07', 'MONTHLY').map((p) => [p.start, p.end])).toEqual([
      ['2026-04-06', '2026-05-05'],
      ['2026-03-06', '2026-04-05'],
      ['2026-02-06', '2026-03-05'],
    ]);
  });
});

describe('imports needing attention', () => {
  it('lists imports that stopped or have rows to check in Nxsys, not those that finished cleanly or another agency’s', async () => {
    const agencyId = admin.agency.id;
    const job = (fileName: string, status: string, state: string, agency = agencyId) =>
      db.importJob.create({
        data: {
          agencyId: agency,
          kind: 'TIMESHEETS',
          fileName,
          fileHash: fileName,
          header: [],
          rows: [],
          total: 1,
          status,
          items: { create: { agencyId: agency, seq: 1, rowNumbers: [2], matchKey: fileName, payload: {}, state } },
        },
      });
    await job('stopped.csv', 'FAILED', 'PENDING');
    await job('unknown.csv', 'FINISHED', 'UNKNOWN');
    await job('clean.csv', 'FINISHED', 'CREATED');
    const elsewhere = await db.agency.create({ data: { name: 'Elsewhere' } });
    await job('theirs.csv', 'FAILED', 'UNKNOWN', elsewhere.id);
    const found = await importsNeedingAttention(agencyId);
    expect(found.map((j) => [j.fileName, j.stopped, j.unknown]).sort()).toEqual([
      ['stopped.csv', true, 0],
      ['unknown.csv', false, 1],
    ]);
  });
});

describe('the weekly reminder', () => {
  it('is due from the chosen day and time in the agency’s time zone, keyed by that week', () => {
    const settings = { reminderEnabled: true, reminderDay: 3, reminderTime: '10:30', reminderTimeZone: 'Europe/London' };
    expect(reminderWeekDue(settings, NOW)).toBeNull(); // Wednesday 10:00, before 10:30
    expect(reminderWeekDue(settings, new Date('2026-12-02T10:30:00Z'))).toBe('2026-W49');
    expect(reminderWeekDue(settings, new Date('2026-12-06T23:00:00Z'))).toBe('2026-W49'); // Sunday: late, same week
    expect(reminderWeekDue(settings, new Date('2026-12-07T09:00:00Z'))).toBeNull(); // next Monday: not yet
    expect(reminderWeekDue({ ...settings, reminderEnabled: false }, new Date('2026-12-02T11:00:00Z'))).toBeNull();
    // Summer time: 10:30 in London is 09:30 UTC.
    expect(reminderWeekDue(settings, new Date('2026-07-01T09:30:00Z'))).toBe('2026-W27');
  });

  it('is set by an admin: day and time checked with a plain message, kept and audited', async () => {
    const bad = reminderSettingsSchema.safeParse({ enabled: true, day: 8, time: '25:00', timeZone: 'America/New_York' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['day', 'Choose a day of the week'],
      ['time', 'Enter a time as hh:mm, e.g. 08:00'],
      ['timeZone', 'Choose UK or Irish time'],
    ]);
    const other = await createUser(db, admin.agency.id, { role: 'ADMIN' });
    const input = { enabled: true, day: 5, time: '16:30', timeZone: 'Europe/Dublin' as const };
    expect(await updateReminderSettings(db, { id: other.id, agency: admin.agency }, input)).toEqual(input);
    expect(await reminderSettings(db, admin.agency.id)).toEqual(input);
    expect(await db.auditEvent.count({ where: { agencyId: admin.agency.id, action: 'agency.reminders_updated', actorId: other.id } })).toBe(
      1,
    );
  });

  it('e-mails each person the workers they entered last time, once per agency and week when two runs race; opted-out people get none', async () => {
    const agencyId = admin.agency.id;
    await db.agency.update({ where: { id: agencyId }, data: { reminderEnabled: true, reminderDay: 3, reminderTime: '09:00' } });
    const enterer = await createUser(db, agencyId, { role: 'STAFF' });
    const importer = await createUser(db, agencyId, { role: 'STAFF' });
    const optedOut = await createUser(db, agencyId, { role: 'STAFF' });
    await updateNotificationPreferences(
      db,
      { id: optedOut.id, agency: { id: agencyId } },
      { connection: true, imports: true, right_to_work: true, timesheet_reminders: false },
    );
    // Who entered what: a form write (WriteRequest.createdById), an import (ImportJob.createdById), an opted-out person.
    const write = (nxsysId: string, createdById: string) =>
      db.writeRequest.create({
        data: {
          agencyId,
          key: `k-${nxsysId}`,
          scope: 'timesheet.create',
          requestHash: 'h',
          state: 'DONE',
          leaseUntil: NOW,
          nxsysId,
          createdById,
        },
      });
    await write(lastSheet.listed!, enterer.id);
    await write(lastSheet.fortnight!, optedOut.id);
    const job = await db.importJob.create({
      data: {
        agencyId,
        createdById: importer.id,
        kind: 'TIMESHEETS',
        fileName: 'm.csv',
        fileHash: 'x',
        header: [],
        rows: [],
        total: 1,
        status: 'FINISHED',
      },
    });
    await db.importItem.create({
      data: { jobId: job.id, agencyId, seq: 1, rowNumbers: [2], matchKey: 'm', payload: {}, state: 'CREATED', nxsysId: lastSheet.monthly! },
    });
    // A draft the author entered and an admin approved: the approval's job names the admin, the reminder the author.
    const author = await createUser(db, agencyId, { role: 'STAFF' });
    const approval = await db.importJob.create({
      data: {
        agencyId,
        createdById: admin.id,
        kind: 'TIMESHEETS',
        fileName: 'Review of 1 timesheet',
        fileHash: 'r',
        header: [],
        rows: [],
        total: 1,
        status: 'FINISHED',
      },
    });
    await db.importItem.create({
      data: {
        jobId: approval.id,
        agencyId,
        seq: 1,
        rowNumbers: [2],
        matchKey: 'r',
        payload: {},
        state: 'CREATED',
        nxsysId: lastSheet.bulk0!,
      },
    });
    await db.timesheetDraft.create({
      data: {
        agencyId,
        authorId: author.id,
        approvedById: admin.id,
        source: 'GRID',
        createKey: 'reminder-reviewed-1',
        candidateId: 'SR-900000',
        startDate: '2026-11-23',
        endDate: '2026-11-29',
        body: {},
        status: 'SENT',
        importJobId: approval.id,
        nxsysId: lastSheet.bulk0!,
      },
    });

    const runs = await Promise.all([
      sendTimesheetReminders(db, agencyId, { now: NOW }),
      sendTimesheetReminders(db, agencyId, { now: NOW }),
      sendTimesheetReminders(db, agencyId, { now: new Date(NOW.getTime() + 60_000) }),
    ]);
    // The enterer, the importer, the reviewed draft's author and each admin (the 129 workers nobody here entered); not
    // the opted-out person.
    const admins = await db.user.count({ where: { agencyId, role: 'ADMIN', deactivatedAt: null } });
    expect(runs.reduce((a, b) => a + b, 0)).toBe(3 + admins);
    expect(await db.notificationIncident.count({ where: { agencyId, kind: 'timesheet_reminder' } })).toBe(1);
    const mails = await db.mailOutbox.findMany({ where: { agencyId, kind: 'timesheet_reminder' } });
    const to = (userId: string) => mails.filter((m) => m.userId === userId);
    expect(to(enterer.id)).toHaveLength(1);
    expect(to(enterer.id)[0]!.subject).toBe('Timesheets missing: 1 worker');
    expect(to(importer.id)).toHaveLength(1);
    expect(to(author.id).map((m) => m.subject)).toEqual(['Timesheets missing: 1 worker']);
    expect(to(optedOut.id)).toHaveLength(0);
    expect(to(admin.id)).toHaveLength(1);
    expect(to(admin.id)[0]!.subject).toBe('Timesheets missing: 129 workers');
    // Later in the same week: nothing more.
    expect(await sendTimesheetReminders(db, agencyId, { now: new Date('2026-12-04T09:00:00Z') })).toBe(0);
  });

  it('tells each admin, not staff, how many timesheets wait for their review, even in a week with none missing', async () => {
    const agencyId = admin.agency.id;
    await db.agency.update({ where: { id: agencyId }, data: { reminderEnabled: true, reminderDay: 3, reminderTime: '09:00' } });
    const author = await createUser(db, agencyId, { role: 'STAFF' });
    for (const n of [1, 2])
      await db.timesheetDraft.create({
        data: {
          agencyId,
          authorId: author.id,
          source: 'FORM',
          createKey: `reminder-draft-${n}`,
          candidateId: ids.listed!,
          startDate: '2026-12-07',
          endDate: '2026-12-13',
          body: {},
        },
      });
    const nextWednesday = new Date('2026-12-09T10:00:00Z');
    const none = async () => ({ today: '2026-12-09', complete: true, groups: [] });
    try {
      const sent = await sendTimesheetReminders(db, agencyId, { now: nextWednesday, read: none });
      const admins = await db.user.count({ where: { agencyId, role: 'ADMIN', deactivatedAt: null } });
      expect(sent).toBe(admins);
      const mails = await db.mailOutbox.findMany({
        where: { agencyId, kind: 'timesheet_reminder', createdAt: { gte: new Date(Date.now() - 60_000) } },
      });
      expect(mails.filter((m) => m.userId === admin.id).map((m) => m.subject)).toContain('Timesheets waiting for your review: 2');
      expect(mails.filter((m) => m.userId === author.id)).toHaveLength(0);
    } finally {
      await db.timesheetDraft.deleteMany({ where: { agencyId, createKey: { startsWith: 'reminder-draft-' } } });
    }
  });

  it('records who entered a timesheet through the portal', async () => {
    const rate = sb.store.company(COMPANY).paymentRates[0]!;
    await createTimesheet(admin, {
      subcontractorRef: ids.once,
      startDate: '2026-11-30',
      endDate: '2026-12-06',
      taxYear: 2026,
      taxPeriodConfig: 35,
      rates: [{ rateId: rate.id, rate: '10', units: '5', vatID: 'VC-2' }],
    });
    const row = await db.writeRequest.findFirst({
      where: { agencyId: admin.agency.id, scope: 'timesheet.create', state: 'DONE', subjectRef: ids.once },
    });
    expect(row?.createdById).toBe(admin.id);
  });
});
