// A user holding a temporary password (an admin reset it) must choose their own before anything else: every authed
// API route answers 403 `password_change_required` — except changing the password and signing out — and every page
// sends them to the account page (where the change-password form is).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { generateKeyringEntry } from '@/lib/server/crypto/token-encryption';
import { resetStaffPassword } from '@/lib/staff/server';
import { API_DIR, authedHandlers, callRoute, filesNamed, type Method } from '../helpers/api-routes';
import { createAgency, createUser, testDb } from '../helpers/db';
import { TEST_APP_ORIGIN, TEST_NEXTAUTH_SECRET } from '../helpers/nxsys';

// Pages read the session cookie through next/headers; here it is the cookie of the person under test.
const cookieJar = vi.hoisted(() => ({ value: '' }));
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'next-auth.session-token' && cookieJar.value ? { value: cookieJar.value } : undefined),
  }),
  headers: async () => new Headers(),
}));

const db = testDb();
const envBefore = { ...process.env };
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };
const PAGES_DIR = path.resolve('app/(app)');

/** What someone with a temporary password may still call: the password change itself, and setting up an authenticator app. */
// The step-up too: a sensitive action (the password change itself) may ask to confirm it is you first.
const ALLOWED = new Set([
  'POST account/passkeys/options/route.ts',
  'POST account/passkeys/route.ts',
  'POST account/password/route.ts',
  'POST account/step-up/options/route.ts',
  'POST account/step-up/route.ts',
  'POST account/totp/confirm/route.ts',
  'POST account/totp/route.ts',
]);

let cookie = '';
let userId = '';
let agencyId = '';

beforeAll(async () => {
  Object.assign(process.env, {
    NEXTAUTH_URL: TEST_APP_ORIGIN,
    NEXTAUTH_SECRET: TEST_NEXTAUTH_SECRET,
    TOKEN_ENCRYPTION_KEY: generateKeyringEntry('k1'),
  });
  const agency = await createAgency(db);
  agencyId = agency.id;
  const admin = await createUser(db, agency.id, { role: 'ADMIN' });
  const user = await createUser(db, agency.id, { role: 'ADMIN' });
  userId = user.id;
  // As it happens in the portal: an admin resets their password, they sign in with the temporary one.
  const { temporaryPassword } = await resetStaffPassword(db, { id: admin.id, agency: { id: agency.id } }, user.id);
  const signed = await signInWithPassword(db, { email: user.email, password: temporaryPassword }, policy);
  expect(signed.ok).toBe(true);
  const sid = await createSession(db, user.id, policy);
  cookie = await encode({ token: { sub: user.id, sid }, secret: TEST_NEXTAUTH_SECRET });
});

afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

const call = (file: string, method: Method) => callRoute(cookie, file, method);

describe('a user who must change their temporary password', () => {
  it('gets 403 password_change_required from every authed API route but the password change', async () => {
    const cases = await authedHandlers();
    expect(cases.length).toBeGreaterThan(25);
    const refused: string[] = [];
    const answered: string[] = [];
    for (const { file, method } of cases) {
      const { status, code } = await call(file, method);
      const name = `${method} ${file}`;
      if (status === 403 && code === 'password_change_required') refused.push(name);
      else answered.push(name);
    }
    expect(answered).toEqual([...ALLOWED]);
    expect(refused.length).toBe(cases.length - ALLOWED.size);
    // The account page's form reaches its route: a wrong current password is answered at the field, not refused.
    const change = await call('account/password/route.ts', 'POST');
    expect(change.code).toBe('validation_failed');
  });

  it('can still sign out: the sign-out route is next-auth’s, outside authedRoute, and ends the session row', async () => {
    expect(readFileSync(path.join(API_DIR, 'auth/[...nextauth]/route.ts'), 'utf8')).not.toContain('authedRoute');
    const { authOptions } = await import('@/lib/server/auth/config');
    const sid = await createSession(db, userId, policy);
    await authOptions().events!.signOut!({ token: { sub: userId, sid }, session: null as never });
    expect(await db.session.count({ where: { id: sid } })).toBe(0);
  });

  it('is sent to the account page by every page, and the account page (with the form) lets them in', async () => {
    const { requireUser, requireAdmin } = await import('@/lib/server/auth/current-user');
    cookieJar.value = cookie;
    const redirectOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
        return null;
      } catch (error) {
        return String((error as { digest?: string }).digest ?? error);
      }
    };
    expect(await redirectOf(requireUser())).toMatch(/^NEXT_REDIRECT;replace;\/account;/);
    expect(await redirectOf(requireAdmin())).toMatch(/^NEXT_REDIRECT;replace;\/account;/);
    const onAccount = await requireUser({ passwordChange: true });
    expect(onAccount).toMatchObject({ id: userId, mustChangePassword: true, agency: { id: agencyId } });

    // Every page behind sign-in goes through requireUser/requireAdmin, and only the account page (and the layout
    // around it) may let a temporary password through.
    const pages = filesNamed(PAGES_DIR, 'page.tsx');
    expect(pages.length).toBeGreaterThan(15);
    for (const page of pages) {
      const source = readFileSync(path.join(PAGES_DIR, page), 'utf8');
      expect(source, page).toMatch(/\brequire(User|Admin)\(/);
      if (page !== 'account/page.tsx') expect(source, page).not.toContain('passwordChange');
    }
    const account = readFileSync(path.join(PAGES_DIR, 'account/page.tsx'), 'utf8');
    expect(account).toContain('ChangePasswordForm');
  });
});
