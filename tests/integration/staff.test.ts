import { afterAll, describe, expect, it } from 'vitest';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { ApiError } from '@/lib/server/http/api-error';
import { addStaff, changeOwnPassword, listStaff, resetStaffPassword, setStaffActive, setStaffRole } from '@/lib/staff/server';
import { createAgency, createUser, testDb } from '../helpers/db';

const db = testDb();
afterAll(() => db.$disconnect());
const policy = { idleMs: 30 * 60_000, absoluteMs: 12 * 3_600_000 };

async function adminOfNewAgency() {
  const agency = await createAgency(db);
  const admin = await createUser(db, agency.id, { role: 'ADMIN' });
  return { agency, actor: { id: admin.id, agency: { id: agency.id } } };
}

describe('staff management', () => {
  it('adds staff to the admin’s own agency, with an audit event and no password in it', async () => {
    const { agency, actor } = await adminOfNewAgency();
    const email = `new-${Date.now()}@example.test`;
    const member = await addStaff(db, actor, { name: 'Casey New', email, role: 'STAFF', password: 'a long enough password' });
    expect(member).toMatchObject({ email, role: 'STAFF', active: true });
    expect((await db.user.findUniqueOrThrow({ where: { email } })).agencyId).toBe(agency.id);
    const events = await db.auditEvent.findMany({ where: { agencyId: agency.id, action: 'staff.created' } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('a long enough password');
    const ok = await signInWithPassword(db, { email, password: 'a long enough password' }, policy);
    expect(ok.ok).toBe(true);
  });

  it('refuses an e-mail address already in use, at the email field', async () => {
    const { actor } = await adminOfNewAgency();
    const other = await adminOfNewAgency();
    const taken = await createUser(db, other.agency.id);
    await expect(
      addStaff(db, actor, { name: 'X', email: taken.email, role: 'STAFF', password: 'a long enough password' }),
    ).rejects.toMatchObject({
      status: 409,
      code: 'email_taken',
      fieldErrors: { email: expect.any(String) },
    });
  });

  it('deactivation ends the user’s sessions and blocks sign-in; reactivation lets them back', async () => {
    const { agency, actor } = await adminOfNewAgency();
    const user = await createUser(db, agency.id);
    const first = await signInWithPassword(db, { email: user.email, password: user.password }, policy);
    expect(first.ok).toBe(true);

    await setStaffActive(db, actor, user.id, false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await signInWithPassword(db, { email: user.email, password: user.password }, policy)).toEqual({
      ok: false,
      reason: 'invalid_credentials',
    });

    await setStaffActive(db, actor, user.id, true);
    expect((await signInWithPassword(db, { email: user.email, password: user.password }, policy)).ok).toBe(true);
    // The staff actions (sign-ins are audited too, as sign_in.*).
    const actions = (
      await db.auditEvent.findMany({ where: { agencyId: agency.id, action: { startsWith: 'staff.' } }, orderBy: { createdAt: 'asc' } })
    ).map((e) => e.action);
    expect(actions).toEqual(['staff.deactivated', 'staff.reactivated']);
  });

  it('never touches or lists another agency’s staff', async () => {
    const a = await adminOfNewAgency();
    const b = await adminOfNewAgency();
    const bUser = await createUser(db, b.agency.id);
    await expect(setStaffActive(db, a.actor, bUser.id, false)).rejects.toBeInstanceOf(ApiError);
    expect((await db.user.findUniqueOrThrow({ where: { id: bUser.id } })).deactivatedAt).toBeNull();
    const listed = await listStaff(db, a.agency.id);
    expect(listed.map((m) => m.id)).not.toContain(bUser.id);
  });

  it('an admin cannot deactivate themselves', async () => {
    const { actor } = await adminOfNewAgency();
    await expect(setStaffActive(db, actor, actor.id, false)).rejects.toMatchObject({ code: 'cannot_deactivate_self' });
  });
});

describe('roles and passwords', () => {
  it('an admin changes a staff member’s role (not their own), audited', async () => {
    const { agency, actor } = await adminOfNewAgency();
    const user = await createUser(db, agency.id);
    expect(await setStaffRole(db, actor, user.id, 'ADMIN')).toMatchObject({ role: 'ADMIN' });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).role).toBe('ADMIN');
    await expect(setStaffRole(db, actor, actor.id, 'STAFF')).rejects.toMatchObject({ code: 'cannot_change_own_role' });
    const other = await adminOfNewAgency();
    await expect(setStaffRole(db, other.actor, user.id, 'STAFF')).rejects.toMatchObject({ code: 'not_found' });
    const events = await db.auditEvent.findMany({ where: { agencyId: agency.id, action: 'staff.role_changed' } });
    expect(events.map((e) => e.details)).toEqual([{ from: 'STAFF', to: 'ADMIN' }]);
  });

  it('a reset gives a temporary password once, ends their sessions and makes them choose their own', async () => {
    const { agency, actor } = await adminOfNewAgency();
    const user = await createUser(db, agency.id);
    await signInWithPassword(db, { email: user.email, password: user.password }, policy);
    const { temporaryPassword, member } = await resetStaffPassword(db, actor, user.id);
    expect(member.mustChangePassword).toBe(true);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect((await signInWithPassword(db, { email: user.email, password: user.password }, policy)).ok).toBe(false);
    const signed = await signInWithPassword(db, { email: user.email, password: temporaryPassword }, policy);
    expect(signed.ok).toBe(true);
    const events = await db.auditEvent.findMany({ where: { agencyId: agency.id, action: 'staff.password_reset' } });
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain(temporaryPassword);

    const me = { id: user.id, agency: { id: agency.id }, sessionId: 'not-a-session' };
    await expect(
      changeOwnPassword(db, me, {
        currentPassword: 'wrong one',
        newPassword: 'my very own password',
        confirmPassword: 'my very own password',
      }),
    ).rejects.toMatchObject({ fieldErrors: { currentPassword: expect.any(String) } });
    await changeOwnPassword(db, me, {
      currentPassword: temporaryPassword,
      newPassword: 'my very own password',
      confirmPassword: 'my very own password',
    });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
    expect((await signInWithPassword(db, { email: user.email, password: 'my very own password' }, policy)).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'account.password_changed' } })).toBe(1);
  });
});
