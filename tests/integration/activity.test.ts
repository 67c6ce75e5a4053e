import { afterAll, describe, expect, it } from 'vitest';
import { activityFiltersSchema, listActivity } from '@/lib/activity/server';
import { recordAudit } from '@/lib/server/audit';
import { createAgency, createUser, testDb } from '../helpers/db';

const db = testDb();
afterAll(() => db.$disconnect());

describe('activity log', () => {
  it("lists only the agency's own events, newest first, filtered by person, action and day", async () => {
    const agency = await createAgency(db);
    const other = await createAgency(db);
    const alice = await createUser(db, agency.id, { role: 'ADMIN' });
    const bob = await createUser(db, agency.id);
    const stranger = await createUser(db, other.id);
    const at = (iso: string) => new Date(iso);
    await db.auditEvent.createMany({
      data: [
        { agencyId: agency.id, actorId: alice.id, action: 'nxsys.connected', createdAt: at('2026-11-20T09:00:00Z') },
        {
          agencyId: agency.id,
          actorId: bob.id,
          action: 'candidate.created',
          targetType: 'candidate',
          targetId: 'SR-1',
          createdAt: at('2026-11-23T10:00:00Z'),
        },
        {
          agencyId: agency.id,
          actorId: bob.id,
          action: 'timesheet.created',
          targetType: 'timesheet',
          targetId: 'TS-1',
          createdAt: at('2026-11-24T23:59:00Z'),
        },
        { agencyId: other.id, actorId: stranger.id, action: 'candidate.created', targetId: 'SR-9', createdAt: at('2026-11-23T10:00:00Z') },
      ],
    });
    await recordAudit(db, {
      agencyId: agency.id,
      actorId: alice.id,
      action: 'payslip.downloaded',
      targetType: 'payslip',
      targetId: 'PL-1',
    });
    const user = { agency: { id: agency.id } };

    const all = await listActivity(db, user, activityFiltersSchema.parse({}));
    expect(all.total).toBe(4);
    expect(all.events.map((e) => e.action)).toEqual(['payslip.downloaded', 'timesheet.created', 'candidate.created', 'nxsys.connected']);
    expect(all.events.some((e) => e.targetId === 'SR-9')).toBe(false);
    expect(all.people.map((p) => p.id).sort()).toEqual([alice.id, bob.id].sort());

    const bobs = await listActivity(db, user, activityFiltersSchema.parse({ actor: bob.id }));
    expect(bobs.events.map((e) => e.targetId)).toEqual(['TS-1', 'SR-1']);
    const created = await listActivity(db, user, activityFiltersSchema.parse({ action: 'candidate.created' }));
    expect(created.events.map((e) => e.targetId)).toEqual(['SR-1']);
    // "to" includes the whole of that day.
    const days = await listActivity(db, user, activityFiltersSchema.parse({ from: '2026-11-21', to: '2026-11-24' }));
    expect(days.events.map((e) => e.targetId)).toEqual(['TS-1', 'SR-1']);
    // Another agency's person as a filter finds nothing of theirs.
    expect((await listActivity(db, user, activityFiltersSchema.parse({ actor: stranger.id }))).total).toBe(0);
  });

  it('drops malformed filters instead of failing the page', () => {
    expect(activityFiltersSchema.parse({ action: 'drop.tables', from: 'yesterday', page: '-3', actor: "x' or 1=1" })).toEqual({ page: 1 });
    expect(activityFiltersSchema.parse({ page: '2', action: 'timesheet.updated' })).toEqual({ page: 2, action: 'timesheet.updated' });
  });
});
