// The agency's "require a second factor" policy: a member without one can do nothing but set one up (every other
// authed route answers 403 mfa_enrolment_required, every page sends them to /account); an admin resets a member's
// factors once (audited, e-mailed, sessions ended).
import { encode } from 'next-auth/jwt';
import { describe, expect, it, vi } from 'vitest';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/server/auth/factors';
import { resolveSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { resetMemberSecondFactors, setAgencyMfaPolicy } from '@/lib/staff/server';
import { authedHandlers, callRoute } from '../helpers/api-routes';
import { withAuthEnv } from '../helpers/auth-env';
import { createAgency, createUser, testDb } from '../helpers/db';
import { TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { totpCodeAt } from '../helpers/totp';

const cookieJar = vi.hoisted(() => ({ value: '' }));
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'next-auth.session-token' && cookieJar.value ? { value: cookieJar.value } : undefined),
  }),
  headers: async () => new Headers(),
}));

const db = testDb();
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };

/** What a member held back by the policy may still call: setting up an app, and changing their password. */
const ALLOWED = [
  'POST account/passkeys/options/route.ts',
  'POST account/passkeys/route.ts',
  'POST account/password/route.ts',
  'POST account/step-up/options/route.ts',
  'POST account/step-up/route.ts',
  'POST account/totp/confirm/route.ts',
  'POST account/totp/route.ts',
];

withAuthEnv(db);

async function signIn(user: { email: string; password: string }) {
  const result = await signInWithPassword(db, { email: user.email, password: user.password }, policy);
  if (!result.ok) throw new Error(`sign-in failed: ${result.reason}`);
  const cookie = await encode({ token: { sub: result.userId, sid: result.sessionId }, secret: TEST_NEXTAUTH_SECRET });
  return { ...result, cookie };
}

describe('a member of an agency that requires a second factor, without one', () => {
  it('can only set one up: every other authed route refuses, every page sends them to /account', async () => {
    const agency = await createAgency(db);
    const admin = await createUser(db, agency.id, { role: 'ADMIN' });
    const member = await createUser(db, agency.id, { role: 'ADMIN' });
    await setAgencyMfaPolicy(db, { id: admin.id, agency: { id: agency.id } }, true);
    const { sessionId, cookie } = await signIn(member);
    expect(await resolveSession(db, sessionId, policy)).toMatchObject({ mustEnrolMfa: true });

    const answered: string[] = [];
    let refused = 0;
    for (const { file, method } of await authedHandlers()) {
      const { status, code } = await callRoute(cookie, file, method);
      if (status === 403 && code === 'mfa_enrolment_required') refused++;
      else answered.push(`${method} ${file}`);
    }
    expect(answered.sort()).toEqual(ALLOWED);
    expect(refused).toBeGreaterThan(25);

    const { requireUser } = await import('@/lib/server/auth/current-user');
    cookieJar.value = cookie;
    await expect(requireUser()).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT;replace;\/account;/) });
    expect(await requireUser({ passwordChange: true })).toMatchObject({ id: member.id, mustEnrolMfa: true });

    // Once an app is set up, the same session goes on as usual.
    const person = { id: member.id, email: member.email, agency: { id: agency.id } };
    const { secret } = await startTotpEnrolment(db, person);
    await confirmTotpEnrolment(db, person, totpCodeAt(secret, new Date()));
    expect(await resolveSession(db, sessionId, policy)).toMatchObject({ mustEnrolMfa: false });
    expect((await callRoute(cookie, 'staff/route.ts', 'GET')).status).toBe(200);
    cookieJar.value = '';
  });

  it('records one policy change when it is sent twice at once', async () => {
    const agency = await createAgency(db);
    const admin = await createUser(db, agency.id, { role: 'ADMIN' });
    const actor = { id: admin.id, agency: { id: agency.id } };
    await Promise.all([setAgencyMfaPolicy(db, actor, true), setAgencyMfaPolicy(db, actor, true)]);
    expect(await db.agency.findUniqueOrThrow({ where: { id: agency.id } })).toMatchObject({ requireMfa: true });
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'mfa.policy_changed' } })).toBe(1);
  });
});

describe("an admin resetting a member's second factors", () => {
  it('removes them once, ends the sessions and e-mails the member once, even when sent twice at once', async () => {
    const agency = await createAgency(db);
    const admin = await createUser(db, agency.id, { role: 'ADMIN' });
    const member = await createUser(db, agency.id);
    const person = { id: member.id, email: member.email, agency: { id: agency.id } };
    const { secret } = await startTotpEnrolment(db, person);
    await confirmTotpEnrolment(db, person, totpCodeAt(secret, new Date()));
    await db.session.create({ data: { id: `s-${member.id}`, userId: member.id, expiresAt: new Date(Date.now() + 3_600_000) } });

    const actor = { id: admin.id, agency: { id: agency.id } };
    const results = await Promise.all([resetMemberSecondFactors(db, actor, member.id), resetMemberSecondFactors(db, actor, member.id)]);
    expect(results.map((r) => r.reset).sort()).toEqual([false, true]);
    expect(await db.totpFactor.count({ where: { userId: member.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: member.id } })).toBe(0);
    expect(await db.session.count({ where: { userId: member.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { agencyId: agency.id, action: 'mfa.reset_by_admin' } })).toBe(1);
    const mail = await db.mailOutbox.findMany({ where: { userId: member.id, kind: 'security_notice' } });
    expect(mail).toHaveLength(1);
    expect(mail[0]!.toAddress).toBe(member.email);
    // Signing in again takes the password alone (and, under the policy, enrolment).
    expect((await signInWithPassword(db, { email: member.email, password: member.password }, policy)).ok).toBe(true);
  });

  it("refuses another agency's member and one's own factors", async () => {
    const agency = await createAgency(db);
    const other = await createAgency(db);
    const admin = await createUser(db, agency.id, { role: 'ADMIN' });
    const stranger = await createUser(db, other.id);
    const actor = { id: admin.id, agency: { id: agency.id } };
    await expect(resetMemberSecondFactors(db, actor, stranger.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(resetMemberSecondFactors(db, actor, admin.id)).rejects.toMatchObject({ code: 'cannot_reset_own_factors' });
  });
});
