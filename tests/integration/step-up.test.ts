// Step-up: a sensitive action passes within 10 minutes of the session's last proof of the user's factor (sign-in or
// step-up), is refused after (403 step_up_required, or a redirect to confirm for a plain form POST), and a step-up
// takes the second factor (single use, wrong code refused) or, for someone without one, the password.
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/server/auth/factors';
import { createSession, resolveSession } from '@/lib/server/auth/sessions';
import { requireRecentSecondFactor, STEP_UP_MS, stepUp } from '@/lib/server/auth/step-up';
import { API_DIR } from '../helpers/api-routes';
import { withAuthEnv } from '../helpers/auth-env';
import { createAgency, createUser, testDb } from '../helpers/db';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';
import { ageStepUp } from '../helpers/step-up';
import { totpCode, totpStep } from '../helpers/totp';

const db = testDb();
const policy = { idleMs: 3_600_000, absoluteMs: 12 * 3_600_000 };
const PASSWORD = 'correct horse battery staple';

withAuthEnv(db);

/** A signed-in member (a session row), as the routes see them; with an authenticator app when `withApp`. */
async function signedIn({ withApp = false, role = 'STAFF' as 'STAFF' | 'ADMIN' } = {}) {
  const agency = await createAgency(db);
  const user = await createUser(db, agency.id, { role });
  let secret: string | undefined;
  if (withApp) {
    const person = { id: user.id, email: user.email, agency: { id: agency.id } };
    secret = (await startTotpEnrolment(db, person)).secret;
    // Confirmed with the code of a step a minute ago: the codes of now are still unused for the test.
    const then = new Date(Date.now() - 60_000);
    await confirmTotpEnrolment(db, person, totpCode(secret, totpStep(then)), then);
  }
  const sessionId = await createSession(db, user.id, policy);
  const current = async () => (await resolveSession(db, sessionId, policy))!;
  const cookie = `next-auth.session-token=${await encode({ token: { sub: user.id, sid: sessionId }, secret: TEST_NEXTAUTH_SECRET })}`;
  return { user, agency, sessionId, secret, current, cookie };
}

const stepUpAtOf = async (userId: string) => (await db.session.findFirstOrThrow({ where: { userId } })).stepUpAt;

describe('requireRecentSecondFactor', () => {
  it('passes within 10 minutes of sign-in, and refuses after, naming what to ask for', async () => {
    const withApp = await signedIn({ withApp: true });
    const passwordOnly = await signedIn();
    await requireRecentSecondFactor(await withApp.current());
    await requireRecentSecondFactor(await passwordOnly.current());

    await ageStepUp(db, withApp.user.email, STEP_UP_MS + 1_000);
    await ageStepUp(db, passwordOnly.user.email, STEP_UP_MS + 1_000);
    await expect(requireRecentSecondFactor(await withApp.current())).rejects.toMatchObject({
      code: 'step_up_required',
      status: 403,
      details: { ask: 'code' },
    });
    await expect(requireRecentSecondFactor(await passwordOnly.current())).rejects.toMatchObject({
      code: 'step_up_required',
      details: { ask: 'password' },
    });
  });

  it('passes a moment before the 10 minutes are up', async () => {
    const member = await signedIn();
    await ageStepUp(db, member.user.email, STEP_UP_MS - 5_000);
    await requireRecentSecondFactor(await member.current());
  });
});

describe('stepUp', () => {
  it('takes a code from the app: a wrong one is refused, the right one passes once (sent twice at once)', async () => {
    const member = await signedIn({ withApp: true });
    await ageStepUp(db, member.user.email, STEP_UP_MS + 1_000);
    const before = await stepUpAtOf(member.user.id);
    const now = new Date();
    await expect(stepUp(db, await member.current(), { code: totpCode(member.secret!, totpStep(now) + 10) }, now)).rejects.toMatchObject({
      code: 'mfa_code_invalid',
    });
    // The password is not a step-up for someone with a second factor.
    await expect(stepUp(db, await member.current(), { password: PASSWORD }, now)).rejects.toMatchObject({ code: 'mfa_code_invalid' });
    expect(await stepUpAtOf(member.user.id)).toEqual(before);

    const code = totpCode(member.secret!, totpStep(now));
    const user = await member.current();
    const results = await Promise.allSettled([stepUp(db, user, { code }, now), stepUp(db, user, { code }, now)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await stepUpAtOf(member.user.id)).toEqual(now);
    await requireRecentSecondFactor(await member.current(), now);

    const audits = await db.auditEvent.findMany({ where: { actorId: member.user.id, action: 'step_up.passed' } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.details).toEqual({ factor: 'totp' });
    expect(JSON.stringify(audits)).not.toContain(code);
  });

  it('takes the password of someone without a second factor; a wrong one is refused', async () => {
    const member = await signedIn();
    await ageStepUp(db, member.user.email, STEP_UP_MS + 1_000);
    await expect(stepUp(db, await member.current(), { password: 'not it' })).rejects.toMatchObject({
      code: 'step_up_password_invalid',
      fieldErrors: { password: expect.any(String) },
    });
    await expect(requireRecentSecondFactor(await member.current())).rejects.toMatchObject({ code: 'step_up_required' });
    await stepUp(db, await member.current(), { password: PASSWORD });
    await requireRecentSecondFactor(await member.current());
    const audits = await db.auditEvent.findMany({ where: { actorId: member.user.id, action: 'step_up.passed' } });
    expect(audits.map((a) => a.details)).toEqual([{ factor: 'password' }]);
    expect(JSON.stringify(audits)).not.toContain(PASSWORD);
  });
});

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const route = async (file: string, method: string) => ((await import(path.join(API_DIR, file))) as Record<string, Handler>)[method]!;
const request = (url: string, method: string, cookie: string, extra: { body?: unknown; headers?: Record<string, string> } = {}) =>
  new Request(new URL(url, TEST_APP_ORIGIN), {
    method,
    headers: {
      Cookie: cookie,
      'Sec-Fetch-Site': 'same-origin',
      Origin: TEST_APP_ORIGIN,
      ...(extra.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...extra.headers,
    },
    body: extra.body !== undefined ? JSON.stringify(extra.body) : undefined,
  });
const noParams = { params: Promise.resolve({}) };

describe('the routes', () => {
  it('refuse a sensitive action after 10 minutes with step_up_required, and pass it again after a step-up', async () => {
    const member = await signedIn();
    const startApp = await route('account/totp/route.ts', 'POST');
    await ageStepUp(db, member.user.email, STEP_UP_MS + 1_000);
    const refused = await startApp(request('/api/account/totp', 'POST', member.cookie), noParams);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'step_up_required', details: { ask: 'password' } } });
    expect(await db.totpFactor.count({ where: { userId: member.user.id } })).toBe(0);

    const step = await route('account/step-up/route.ts', 'POST');
    const wrong = await step(request('/api/account/step-up', 'POST', member.cookie, { body: { password: 'not it' } }), noParams);
    expect(wrong.status).toBe(422);
    const right = await step(request('/api/account/step-up', 'POST', member.cookie, { body: { password: PASSWORD } }), noParams);
    expect(right.status).toBe(200);
    expect((await startApp(request('/api/account/totp', 'POST', member.cookie), noParams)).status).toBe(200);
  });

  it('send a plain form POST (no script to prompt) to confirm it is you, then back to the page it came from', async () => {
    const admin = await signedIn({ role: 'ADMIN' });
    await ageStepUp(db, admin.user.email, STEP_UP_MS + 1_000);
    const disconnect = await route('nxsys/disconnect/route.ts', 'POST');
    const response = await disconnect(
      request('/api/nxsys/disconnect', 'POST', admin.cookie, {
        headers: { 'Sec-Fetch-Mode': 'navigate', Referer: `${TEST_APP_ORIGIN}/connection` },
      }),
      noParams,
    );
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${TEST_APP_ORIGIN}/account/confirm?next=%2Fconnection`);
  });

  it('guard every export of personal data and every staff, invitation and connection change', async () => {
    const admin = await signedIn({ role: 'ADMIN' });
    await ageStepUp(db, admin.user.email, STEP_UP_MS + 1_000);
    const guarded: [string, string, string, Record<string, string>?, unknown?][] = [
      ['candidates/export/route.ts', 'GET', '/api/candidates/export'],
      ['payslips/export/route.ts', 'GET', '/api/payslips/export'],
      ['timesheets/export/route.ts', 'GET', '/api/timesheets/export'],
      ['payslips/runs/[year]/[period]/export.csv/route.ts', 'GET', '/api/payslips/runs/2026/1/export.csv', { year: '2026', period: '1' }],
      ['payslips/runs/[year]/[period]/export.xlsx/route.ts', 'GET', '/api/payslips/runs/2026/1/export.xlsx', { year: '2026', period: '1' }],
      [
        'payslips/runs/[year]/[period]/payslips.zip/route.ts',
        'GET',
        '/api/payslips/runs/2026/1/payslips.zip',
        { year: '2026', period: '1' },
      ],
      ['nxsys/connect/route.ts', 'POST', '/api/nxsys/connect'],
      ['nxsys/disconnect/route.ts', 'POST', '/api/nxsys/disconnect'],
      ['staff/route.ts', 'POST', '/api/staff', {}, { name: 'New Person', email: 'new.person@example.test', role: 'STAFF' }],
      ['staff/[id]/route.ts', 'PATCH', '/api/staff/x', { id: 'x' }, { active: false }],
      ['staff/[id]/second-factors/route.ts', 'DELETE', '/api/staff/x/second-factors', { id: 'x' }],
      ['staff/mfa-policy/route.ts', 'PUT', '/api/staff/mfa-policy', {}, { requireMfa: true }],
      ['invitations/route.ts', 'POST', '/api/invitations', {}, { name: 'New Person', email: 'new.person@example.test', role: 'STAFF' }],
      ['invitations/[id]/resend/route.ts', 'POST', '/api/invitations/x/resend', { id: 'x' }],
      [
        'account/password/route.ts',
        'POST',
        '/api/account/password',
        {},
        { currentPassword: PASSWORD, newPassword: 'n'.repeat(20), confirmPassword: 'n'.repeat(20) },
      ],
      ['account/totp/route.ts', 'POST', '/api/account/totp'],
    ];
    for (const [file, method, url, params = {}, body] of guarded) {
      const response = await (await route(file, method))(request(url, method, admin.cookie, { body }), { params: Promise.resolve(params) });
      expect([file, response.status, ((await response.json()) as { error?: { code: string } }).error?.code]).toEqual([
        file,
        403,
        'step_up_required',
      ]);
    }
    expect((await db.agency.findUniqueOrThrow({ where: { id: admin.agency.id } })).requireMfa).toBe(false);
  });
});
