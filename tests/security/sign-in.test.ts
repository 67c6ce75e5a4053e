// Security suite, signing in: F1/F5 (where sign-in returns to), F2 (throttling that a client cannot steer),
// and the checks that already held: session fixation and replay.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as staffRoute from '@/app/api/staff/route';
import SignInPage from '@/app/sign-in/page';
import { authOptions, clientAddress } from '@/lib/server/auth/config';
import { endSession } from '@/lib/server/auth/sessions';
import { signInWithPassword } from '@/lib/server/auth/sign-in';
import { GLOBAL_RULE } from '@/lib/server/auth/throttle';
import { safeReturnPath } from '@/lib/validations/auth';
import { createAgency, createUser, testDb } from '../helpers/db';
import { APP, call, configure, errorCode, sessionCookie, signedIn, withRequest } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
const policy = { idleMs: 3_600_000, absoluteMs: 3_600_000 };
const envBefore = { ...process.env };
beforeAll(() => void configure());
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

// Every way the review (and the usual lists) found to turn a "path" into another site.
const ATTACKS = [
  '/\t/evil.example/phish', // F1: browsers drop the tab → //evil.example
  '/\n/evil.example', // F5: a newline (and a 500 from an invalid Location header)
  '/\r\n/evil.example',
  '/\u0000/x',
  '//evil.example',
  '/\\evil.example',
  '/\\/evil.example',
  '/./evil.example/../..//evil.example',
  '/.//evil.example',
  '/%2F%2Fevil.example', // stays an encoded path on our host: allowed, but must stay on our host
  'https://evil.example',
  'javascript:alert(1)',
  '\\\\evil.example',
  ' /evil',
  '/\u3000/evil.example',
  '/%09/evil.example',
];

describe('F1/F5 the return path after sign-in', () => {
  it.each(ATTACKS)('%j never leaves our origin and never carries control characters', (attack) => {
    const path = safeReturnPath(attack);
    expect(path.startsWith('/')).toBe(true);
    expect(path.startsWith('//')).toBe(false);
    expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
    expect(new URL(path, APP).origin).toBe(APP); // resolved as a browser would resolve the Location header
  });

  it('keeps an ordinary path with its query and fragment', () => {
    expect(safeReturnPath('/candidates?country=ie&search=%C5%81ukasz#x')).toBe('/candidates?country=ie&search=%C5%81ukasz#x');
    expect(safeReturnPath(undefined)).toBe('/');
  });

  it.each(['/\t/evil.example/phish', '/\n/x'])(
    'a signed-in visit to /sign-in?callbackUrl=%j redirects to our own "/" (no 500)',
    async (callbackUrl) => {
      const person = await signedIn(db, 'STAFF');
      const thrown = await withRequest(`/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}`, person.cookie, () =>
        SignInPage({ searchParams: Promise.resolve({ callbackUrl }) }).then(
          () => null,
          (error: unknown) => error,
        ),
      );
      // next/navigation's redirect() throws; its digest holds the Location it will send.
      const digest = String((thrown as { digest?: string } | null)?.digest ?? '');
      expect(digest).toMatch(/^NEXT_REDIRECT;/);
      expect(digest.split(';')[2]).toBe('/');
    },
  );
});

describe('F2 sign-in throttling that a client cannot steer', () => {
  it('ignores X-Forwarded-For unless proxies are trusted, then takes the address the trusted proxy saw', () => {
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.7' }, 0)).toBeUndefined();
    // Client sent "victim"; our one trusted proxy appended the real peer.
    expect(clientAddress({ 'x-forwarded-for': '198.51.100.7, 203.0.113.9' }, 1)).toBe('203.0.113.9');
    expect(clientAddress({ 'x-forwarded-for': 'spoofed, 198.51.100.7, 203.0.113.9' }, 2)).toBe('198.51.100.7');
    expect(clientAddress({ 'x-forwarded-for': '203.0.113.9' }, 2)).toBeUndefined(); // fewer hops than proxies: not trusted
    expect(clientAddress({ 'x-forwarded-for': 'not-an-ip' }, 1)).toBeUndefined();
  });

  it("junk failures sent with a victim's forwarded address do not lock the victim out (default: 0 trusted hops)", async () => {
    const agency = await createAgency(db);
    const victim = await createUser(db, agency.id);
    const authorize = (authOptions().providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } })
      .options.authorize;
    const victimAddress = { headers: { 'x-forwarded-for': '198.51.100.77' } };
    for (let i = 0; i < 6; i++) {
      await authorize({ email: `junk-${i}-${Date.now()}@example.test`, password: 'x' }, victimAddress).catch(() => null);
    }
    await expect(authorize({ email: victim.email, password: victim.password }, victimAddress)).resolves.toMatchObject({ id: victim.id });
  });

  it('a password spray over many addresses with rotating forwarded addresses is slowed portal-wide, by a bounded delay', async () => {
    const globalKey = `global-test-${Date.now()}`; // this test's own portal-wide counter (test files run in parallel)
    const now = new Date();
    const pauses: number[] = [];
    const results = [];
    for (let i = 0; i < 110; i++) {
      const clientKey = clientAddress({ 'x-forwarded-for': `10.0.${i >> 8}.${i & 255}` }, 0);
      results.push(
        await signInWithPassword(
          db,
          { email: `spray-${i}-${Date.now()}@example.test`, password: 'Summer2026!', clientKey },
          policy,
          now,
          globalKey,
          async (ms) => void pauses.push(ms),
        ),
      );
    }
    expect(results.every((r) => !r.ok && r.reason === 'invalid_credentials')).toBe(true);
    expect(pauses.length).toBeGreaterThan(0);
    expect(Math.max(...pauses)).toBeLessThanOrEqual(GLOBAL_RULE.maxDelayMs);
  });

  it('is atomic: twenty parallel guesses at one address get at most the free attempts checked', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        signInWithPassword(db, { email: user.email, password: 'guess' }, policy, now, `global-atomic-${Date.now()}`),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === 'invalid_credentials').length).toBeLessThanOrEqual(5);
    expect(results.filter((r) => !r.ok && r.reason === 'too_many_attempts').length).toBeGreaterThanOrEqual(15);
  });
});

describe('issue 25 item 2: a spray on unknown accounts never locks real people out', () => {
  it('a spray of failures (one per 0.3 s, compressed) with real sign-ins every 3 s: every real sign-in succeeds', async () => {
    const globalKey = `global-spray-${Date.now()}`;
    const agency = await createAgency(db);
    const people = await Promise.all(Array.from({ length: 3 }, () => createUser(db, agency.id)));
    const start = Date.now();
    const pauses: number[] = [];
    const pause = async (ms: number) => void pauses.push(ms);
    const real = [];
    for (let i = 0; i < 150; i++) {
      const now = new Date(start + i * 300);
      const email = `spray-${i}-${start}@example.test`;
      expect(await signInWithPassword(db, { email, password: 'Winter2026!' }, policy, now, globalKey, pause)).toMatchObject({ ok: false });
      if (i % 10 === 9) {
        const person = people[((i / 10) % people.length) | 0]!;
        real.push(await signInWithPassword(db, { email: person.email, password: person.password }, policy, now, globalKey, pause));
      }
    }
    expect(real).toHaveLength(15);
    expect(real.filter((r) => !r.ok)).toEqual([]);
    expect(pauses.length).toBeGreaterThan(0); // the portal-wide rule did trip: it slowed, by at most its cap
    expect(Math.max(...pauses)).toBeLessThanOrEqual(GLOBAL_RULE.maxDelayMs);
  });

  it('a success gives its attempt back without re-arming a rule (client and portal-wide)', async () => {
    const globalKey = `global-rearm-${Date.now()}`;
    const clientKey = `198.51.100.${Math.floor(Math.random() * 200)}`;
    const agency = await createAgency(db);
    const [a, b] = await Promise.all([createUser(db, agency.id), createUser(db, agency.id)]);
    const t0 = Date.now();
    const pauses: number[] = [];
    const pause = async (ms: number) => void pauses.push(ms);
    for (let i = 0; i < 104; i++) {
      const email = `rearm-${i}-${t0}@example.test`;
      await signInWithPassword(db, { email, password: 'x', ...(i < 5 ? { clientKey } : {}) }, policy, new Date(t0), globalKey, pause);
    }
    // Both the client's delay (2 s after 5 failures) and the portal-wide one (capped at 3 s) have passed.
    const after = t0 + GLOBAL_RULE.maxDelayMs + 1;
    pauses.length = 0;
    const first = await signInWithPassword(
      db,
      { email: a!.email, password: a!.password, clientKey },
      policy,
      new Date(after),
      globalKey,
      pause,
    );
    const second = await signInWithPassword(
      db,
      { email: b!.email, password: b!.password, clientKey },
      policy,
      new Date(after + 1),
      globalKey,
      pause,
    );
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(pauses).toEqual([]);
  });
});

describe('already held: session fixation and replay', () => {
  it('a sign-in always makes a new session id, whatever cookie the browser brought', async () => {
    const agency = await createAgency(db);
    const user = await createUser(db, agency.id);
    const a = await signInWithPassword(db, { email: user.email, password: user.password }, policy);
    const b = await signInWithPassword(db, { email: user.email, password: user.password }, policy);
    if (!a.ok || !b.ok) throw new Error('sign-in failed');
    expect(a.sessionId).not.toBe(b.sessionId);
    expect(a.sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 random bits
    expect(await db.session.count({ where: { id: a.sessionId } })).toBe(0); // only a hash is stored
    const authorize = (authOptions().providers[0] as unknown as { options: { authorize: (c: unknown, r: unknown) => Promise<unknown> } })
      .options.authorize;
    const jwt = authOptions().callbacks!.jwt!;
    const fresh = (await authorize({ email: user.email, password: user.password }, { headers: {} })) as { id: string; sid: string };
    // The cookie carries only the new session id (never one chosen by an attacker, never a name or e-mail).
    expect(await jwt({ token: { sid: 'attacker-chosen' }, user: fresh as never, account: null, trigger: 'signIn' } as never)).toEqual({
      sub: user.id,
      sid: fresh.sid,
    });
  });

  it('a copied cookie stops working at sign-out; a cookie signed with another secret or naming an unknown session never works', async () => {
    const person = await signedIn(db, 'ADMIN');
    expect((await call(staffRoute.GET, '/api/staff', {}, { cookie: person.cookie })).status).toBe(200);
    await endSession(db, person.sessionId);
    const replay = await call(staffRoute.GET, '/api/staff', {}, { cookie: person.cookie });
    expect(replay.status).toBe(401);
    expect(await errorCode(replay)).toBe('unauthenticated');
    const forged = await sessionCookie(person.id, person.sessionId, 'another-secret-of-at-least-32-characters!!');
    expect((await call(staffRoute.GET, '/api/staff', {}, { cookie: forged })).status).toBe(401);
    expect((await call(staffRoute.GET, '/api/staff', {}, { cookie: await sessionCookie(person.id, 'made-up-session-id') })).status).toBe(
      401,
    );
  });
});
