// Issue 25, items 6 and 7 (staff and invitations): the last-admin rule under concurrency, invitations of an admin
// who is demoted or deactivated, and invite answers that say nothing about other agencies' accounts.
import { afterAll, describe, expect, it } from 'vitest';
import { acceptInvitation, createInvitation, listPendingInvitations, openInvitation, resendInvitation } from '@/lib/invitations/server';
import { stopJobEngine } from '@/lib/server/jobs';
import { setStaffActive, setStaffRole } from '@/lib/staff/server';
import { newLinkToken } from '@/lib/server/auth/link-tokens';
import { withAuthEnv } from '../helpers/auth-env';
import { createAgency, createUser, testDb } from '../helpers/db';

const db = testDb();
// Invitation e-mails are written with the portal's configuration (links, keyring).
withAuthEnv(db);
afterAll(() => stopJobEngine({ graceful: false }));

async function agencyWithAdmins(count: number) {
  const agency = await createAgency(db);
  const admins = [];
  for (let i = 0; i < count; i++) {
    const user = await createUser(db, agency.id, { role: 'ADMIN' });
    admins.push({ id: user.id, name: user.name, email: user.email, agency: { id: agency.id, name: agency.name } });
  }
  return { agency, admins };
}

const activeAdmins = (agencyId: string) => db.user.count({ where: { agencyId, role: 'ADMIN', deactivatedAt: null } });

describe('the last-admin rule under concurrency', () => {
  it('two admins demoting each other at once: one succeeds, the other is refused, one admin remains', async () => {
    for (let round = 0; round < 3; round++) {
      const { agency, admins } = await agencyWithAdmins(2);
      const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
      const results = await Promise.allSettled([setStaffRole(db, a, b.id, 'STAFF'), setStaffRole(db, b, a.id, 'STAFF')]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(refused.reason).toMatchObject({ code: 'last_admin', status: 409 });
      expect(await activeAdmins(agency.id)).toBe(1);
    }
  });

  it('two admins deactivating each other at once: one admin stays active', async () => {
    for (let round = 0; round < 3; round++) {
      const { agency, admins } = await agencyWithAdmins(2);
      const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
      const results = await Promise.allSettled([setStaffActive(db, a, b.id, false), setStaffActive(db, b, a.id, false)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await activeAdmins(agency.id)).toBe(1);
    }
  });

  it('a demotion and a deactivation crossing each other leave one admin too', async () => {
    const { agency, admins } = await agencyWithAdmins(2);
    const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
    await Promise.allSettled([setStaffRole(db, a, b.id, 'STAFF'), setStaffActive(db, b, a.id, false)]);
    expect(await activeAdmins(agency.id)).toBe(1);
  });

  it('an admin is still demoted or deactivated while another active admin remains', async () => {
    const { agency, admins } = await agencyWithAdmins(3);
    const [a, b, c] = admins as [(typeof admins)[0], (typeof admins)[0], (typeof admins)[0]];
    await setStaffRole(db, a, b.id, 'STAFF');
    await setStaffActive(db, a, c.id, false);
    expect(await activeAdmins(agency.id)).toBe(1);
    await expect(setStaffActive(db, a, c.id, true)).resolves.toMatchObject({ active: true });
  });
});

describe('the same change sent twice at once (a double click, two tabs)', () => {
  it('deactivating a member twice at once: deactivated once, one audit event', async () => {
    const { agency, admins } = await agencyWithAdmins(1);
    const member = await createUser(db, agency.id);
    await Promise.all([setStaffActive(db, admins[0]!, member.id, false), setStaffActive(db, admins[0]!, member.id, false)]);
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'staff.deactivated' } })).toBe(1);
  });

  it('inviting one address twice at once: one invitation, one e-mail, the other answer says it is pending', async () => {
    const { agency, admins } = await agencyWithAdmins(2);
    const email = `twice-${agency.id}@example.test`;
    const results = await Promise.allSettled([
      createInvitation(db, admins[0]!, { name: 'Twice', email, role: 'STAFF' }),
      createInvitation(db, admins[1]!, { name: 'Twice', email, role: 'STAFF' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'invitation_pending' });
    expect(await db.invitation.count({ where: { agencyId: agency.id, email } })).toBe(1);
    expect(await db.mailOutbox.count({ where: { toAddress: email } })).toBe(1);
  });
});

describe('invitations of an admin who is demoted or deactivated', () => {
  it('deactivating an admin revokes their pending invitations', async () => {
    const { agency, admins } = await agencyWithAdmins(2);
    const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
    await createInvitation(db, b, { name: 'Ada Admin', email: `ada-${agency.id}@example.test`, role: 'ADMIN' });
    expect(await listPendingInvitations(db, agency.id)).toHaveLength(1);
    await setStaffActive(db, a, b.id, false);
    expect(await listPendingInvitations(db, agency.id)).toHaveLength(0);
  });

  it('demoting an admin revokes their pending invitations', async () => {
    const { agency, admins } = await agencyWithAdmins(2);
    const [a, b] = admins as [(typeof admins)[0], (typeof admins)[0]];
    await createInvitation(db, b, { name: 'Sam Staff', email: `sam-${agency.id}@example.test`, role: 'STAFF' });
    await setStaffRole(db, a, b.id, 'STAFF');
    expect(await listPendingInvitations(db, agency.id)).toHaveLength(0);
  });

  it('an invitation whose admin is no longer an active admin does not work, however it is still pending', async () => {
    const { agency, admins } = await agencyWithAdmins(1);
    const inviter = await createUser(db, agency.id, { role: 'ADMIN', deactivated: true });
    const { token, hash } = newLinkToken();
    await db.invitation.create({
      data: {
        agencyId: agency.id,
        email: `late-${agency.id}@example.test`,
        name: 'Late Link',
        role: 'ADMIN',
        tokenHash: hash,
        invitedById: inviter.id,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect(await openInvitation(db, token)).toBeNull();
    await expect(acceptInvitation(db, { token, password: 'a brand new password 1' })).rejects.toMatchObject({ code: 'link_invalid' });
    expect(await db.user.findUnique({ where: { email: `late-${agency.id}@example.test` } })).toBeNull();
    // Sent by an active admin, the same link works.
    await db.invitation.updateMany({ where: { tokenHash: hash }, data: { invitedById: admins[0]!.id } });
    expect(await openInvitation(db, token)).not.toBeNull();
  });
});

describe('invite answers say nothing about other agencies', () => {
  it('an address with an account in another agency gets the answer of a new address, and nothing is e-mailed', async () => {
    const { agency, admins } = await agencyWithAdmins(1);
    const elsewhere = await createUser(db, (await createAgency(db)).id);
    const fresh = `fresh-${agency.id}@example.test`;
    const taken = await createInvitation(db, admins[0]!, { name: 'Other Agency', email: elsewhere.email, role: 'STAFF' });
    const brandNew = await createInvitation(db, admins[0]!, { name: 'Brand New', email: fresh, role: 'STAFF' });
    const shape = (x: object) => Object.keys(x).sort();
    expect(shape(taken)).toEqual(shape(brandNew));
    expect(taken).toMatchObject({ email: elsewhere.email, role: 'STAFF', expired: false });
    expect((await listPendingInvitations(db, agency.id)).map((i) => i.email).sort()).toEqual([elsewhere.email, fresh].sort());
    // Nothing reaches the other agency's person; the other account is untouched.
    expect(await db.mailOutbox.count({ where: { toAddress: elsewhere.email } })).toBe(0);
    expect(await db.mailOutbox.count({ where: { toAddress: fresh } })).toBe(1);
    // Resending answers as for any invitation, and still sends nothing there.
    await expect(resendInvitation(db, admins[0]!, taken.id)).resolves.toMatchObject({ email: elsewhere.email });
    expect(await db.mailOutbox.count({ where: { toAddress: elsewhere.email } })).toBe(0);
    expect(await db.user.findUniqueOrThrow({ where: { email: elsewhere.email } })).toMatchObject({ agencyId: elsewhere.agencyId });
  });
});
