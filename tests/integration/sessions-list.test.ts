// The account page's list of sessions: the device from the User-Agent, one's own sessions only, ended one by one,
// all but this one, or by an admin of the same agency.
import { afterAll, describe, expect, it } from 'vitest';
import { createSession, endListedSession, endOtherSessionsOf, listSessionsOf, resolveSession } from '@/lib/server/auth/sessions';
import { describeUserAgent } from '@/lib/server/auth/user-agent';
import { endMemberSessions } from '@/lib/staff/server';
import { createAgency, createUser, testDb } from '../helpers/db';

const db = testDb();
afterAll(() => db.$disconnect());
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('describeUserAgent', () => {
  it('names the common browsers and systems, and says so when it cannot', () => {
    expect(describeUserAgent(CHROME_WINDOWS)).toBe('Chrome on Windows');
    expect(describeUserAgent(SAFARI_IPHONE)).toBe('Safari on iPhone');
    expect(describeUserAgent(`${CHROME_WINDOWS} Edg/131.0.0.0`)).toBe('Edge on Windows');
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe('Firefox on Linux');
    expect(describeUserAgent(null)).toBe('Unknown browser');
  });
});

describe('listing and ending sessions', () => {
  it('lists only my sessions, marks this one, and ends another by its listed id (once, even twice at once)', async () => {
    const agency = await createAgency(db);
    const me = await createUser(db, agency.id);
    const someoneElse = await createUser(db, agency.id);
    const here = await createSession(db, me.id, policy, new Date(), CHROME_WINDOWS);
    const phone = await createSession(db, me.id, policy, new Date(), SAFARI_IPHONE);
    const theirs = await createSession(db, someoneElse.id, policy);

    const listed = await listSessionsOf(db, me.id, here);
    expect(listed.map((s) => [s.device, s.current]).sort()).toEqual([
      ['Chrome on Windows', true],
      ['Safari on iPhone', false],
    ]);
    // The listed id is not the cookie's session id: it cannot be used as a cookie.
    for (const s of listed) expect([here, phone]).not.toContain(s.id);

    const [theirListed] = await listSessionsOf(db, someoneElse.id, theirs);
    expect(await endListedSession(db, me.id, theirListed!.id)).toBe(false);
    expect(await resolveSession(db, theirs, policy)).not.toBeNull();

    const other = listed.find((s) => !s.current)!;
    const results = await Promise.all([endListedSession(db, me.id, other.id), endListedSession(db, me.id, other.id)]);
    expect(results.sort()).toEqual([false, true]);
    expect(await resolveSession(db, phone, policy)).toBeNull();
    expect(await resolveSession(db, here, policy)).not.toBeNull();
  });

  it('signs out everywhere else, keeping this session', async () => {
    const agency = await createAgency(db);
    const me = await createUser(db, agency.id);
    const here = await createSession(db, me.id, policy);
    await createSession(db, me.id, policy);
    await createSession(db, me.id, policy);
    expect(await endOtherSessionsOf(db, me.id, here)).toBe(2);
    expect(await listSessionsOf(db, me.id, here)).toHaveLength(1);
  });

  it("lets an admin end a member's sessions in their own agency only (audited)", async () => {
    const agency = await createAgency(db);
    const other = await createAgency(db);
    const admin = await createUser(db, agency.id, { role: 'ADMIN' });
    const member = await createUser(db, agency.id);
    const stranger = await createUser(db, other.id);
    await createSession(db, member.id, policy);
    await createSession(db, stranger.id, policy);
    const actor = { id: admin.id, agency: { id: agency.id } };
    expect(await endMemberSessions(db, actor, member.id)).toEqual({ ended: 1 });
    await expect(endMemberSessions(db, actor, stranger.id)).rejects.toMatchObject({ code: 'not_found' });
    expect(await db.session.count({ where: { userId: stranger.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'staff.sessions_ended' } })).toBe(1);
  });
});
