// Security suite, the low items of issue 25 (item 7, not the invitation ones): each at its cause, through the real
// route handlers on real PostgreSQL.
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as passwordRoute from '@/app/api/account/password/route';
import * as authRoute from '@/app/api/auth/[...nextauth]/route';
import * as healthRoute from '@/app/api/health/route';
import * as readyRoute from '@/app/api/ready/route';
import { renderEmail } from '@/lib/mail/server';
import { emptyPaymentRate } from '@/lib/payment-rates/empty-form';
import { paymentRateSchema } from '@/lib/payment-rates/schema';
import { MAX_HEADER_BYTES, MAX_URL_LENGTH } from '@/lib/request-limits';
import { toErrorResponse } from '@/lib/server/http/route';
import { config as proxyConfig, proxy } from '@/proxy';
import { testDb } from '../helpers/db';
import { APP, call, configure, errorCode, SAME_ORIGIN, signedIn } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
const envBefore = { ...process.env };
beforeAll(() => void configure());
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

describe('the current-password check of /api/account/password is throttled', () => {
  it('past 5 wrong guesses in a row, further guesses are refused (429) without being checked', async () => {
    const person = await signedIn(db, 'STAFF');
    const guess = (currentPassword: string) =>
      call(
        passwordRoute.POST,
        '/api/account/password',
        {},
        {
          method: 'POST',
          cookie: person.cookie,
          headers: { ...SAME_ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify({ currentPassword, newPassword: 'a brand new password 9', confirmPassword: 'a brand new password 9' }),
        },
      );
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push(await errorCode(await guess(`guess ${i}`)));
    expect(codes).toEqual(Array(5).fill('validation_failed'));
    const refused = await guess('correct horse battery staple'); // even the right one, while locked
    expect(refused.status).toBe(429);
    expect(await errorCode(refused)).toBe('too_many_attempts');
  });
});

describe('hoursPerUnit is a number, never coerced', () => {
  const withHours = (hoursPerUnit: unknown) =>
    paymentRateSchema.safeParse({ ...emptyPaymentRate, code: 'HOL', description: 'Holiday', defaultVATCode: 'VC-1', hoursPerUnit });

  it.each([['0x10'], [''], [null], [true], [[5]], ['1e3'], [' '], ['Infinity']])('%j is refused at the field', (value) => {
    const result = withHours(value);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toContain('hoursPerUnit');
  });

  it.each([
    [7.5, 7.5],
    ['7.5', 7.5],
    [' 8 ', 8],
    ['0', 0],
  ])('%j is read as %j', (value, hours) => {
    const result = withHours(value);
    expect(result.success).toBe(true);
    expect(result.data!.hoursPerUnit).toBe(hours);
  });
});

describe('health, readiness and next-auth get the URL and header limits', () => {
  const longUrl = (path: string) => `${APP}${path}?x=${'a'.repeat(MAX_URL_LENGTH)}`;
  const bigHeaders = { cookie: `junk=${'b'.repeat(MAX_HEADER_BYTES)}` };
  const nextauth = (url: string, init: { headers?: Record<string, string> } = {}) =>
    authRoute.GET(new NextRequest(url, init), { params: Promise.resolve({ nextauth: new URL(url).pathname.split('/').slice(3) }) });

  it('a URL over the limit is a 414 and headers over it a 431, on every one of them', async () => {
    expect((await healthRoute.GET(new Request(longUrl('/api/health')))).status).toBe(414);
    expect((await healthRoute.GET(new Request(`${APP}/api/health`, { headers: bigHeaders }))).status).toBe(431);
    expect((await readyRoute.GET(new Request(longUrl('/api/ready')))).status).toBe(414);
    expect((await readyRoute.GET(new Request(`${APP}/api/ready`, { headers: bigHeaders }))).status).toBe(431);
    expect((await nextauth(longUrl('/api/auth/signin'))).status).toBe(414);
    expect((await nextauth(`${APP}/api/auth/csrf`, { headers: bigHeaders })).status).toBe(431);
    expect((await healthRoute.GET(new Request(`${APP}/api/health`))).status).toBe(200);
  });

  it('a sign-in posting a callback URL over the limit is refused, and no callback-url cookie is set', async () => {
    const response = await authRoute.POST(
      new NextRequest(`${APP}/api/auth/callback/credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...SAME_ORIGIN },
        body: new URLSearchParams({ email: 'x@example.test', password: 'x', callbackUrl: `/${'c'.repeat(5 * 1024)}` }).toString(),
      }),
      { params: Promise.resolve({ nextauth: ['callback', 'credentials'] }) },
    );
    expect(response.status).toBe(414);
    expect(response.headers.get('set-cookie') ?? '').not.toMatch(/callback-url/);
  });
});

describe('line breaks in names never reach e-mail text', () => {
  it('a name or file name with CR/LF stays on its line, in the text, the HTML and the subject', () => {
    const hostile = 'Week 48.csv\r\n\r\nYour account is locked: sign in at https://evil.example/login\r\nBcc: all@example.test';
    const mail = renderEmail({
      agencyName: 'Northwind\nRecruitment',
      subject: `Import of ${hostile} finished`,
      heading: 'Import finished',
      paragraphs: [`Hello Jane\r\nDoe,`, `Your import of ${hostile} finished.`],
      items: [`row 2: ${hostile}`],
      footer: 'You get this because you started the import.',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text).not.toMatch(/\r/);
    // No line of the text starts with what the name smuggled in.
    expect(mail.text.split('\n').some((line) => /^(Your account is locked|Bcc:)/.test(line))).toBe(false);
    expect(mail.text).toContain('Hello Jane Doe,');
    expect(mail.html).not.toMatch(/locked: sign in at https:\/\/evil\.example\/login\r?\n/);
  });
});

describe('a lost unique-key race and a vanished row are answered 409/404, not 500', () => {
  it('P2002 → 409 conflict, P2025 → 404 not_found (real errors from PostgreSQL)', async () => {
    const agency = await db.agency.create({ data: { name: `Race ${Date.now()}` } });
    const duplicate = await db.agency.create({ data: { id: agency.id, name: 'again' } }).catch((error: unknown) => error);
    const conflict = toErrorResponse(duplicate);
    expect(conflict.status).toBe(409);
    expect(await errorCode(conflict)).toBe('conflict');
    const vanished = await db.agency.update({ where: { id: 'no-such-agency' }, data: { name: 'x' } }).catch((error: unknown) => error);
    const missing = toErrorResponse(vanished);
    expect(missing.status).toBe(404);
    expect(await errorCode(missing)).toBe('not_found');
  });
});

describe('a broken %-escape in a route id', () => {
  it.each(['/api/nxsys/candidates/SR-%ZZ', '/api/nxsys/%E0%A4%A/x', '/timesheets/%ZZ'])(
    '%s is a clean 400 with the security headers (the proxy answers before Next fails to decode it)',
    async (path) => {
      const response = await proxy(new NextRequest(`${APP}${path}`));
      expect(response.status).toBe(400);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      if (path.startsWith('/api/')) expect(await errorCode(response)).toBe('malformed_url');
    },
  );

  it('only such API paths reach the proxy: its second matcher, as Next compiles it', () => {
    const source = proxyConfig.matcher[1]!.source;
    const pattern = new RegExp(`^${source.replace('/api/(', '/api/(?:')}$`);
    expect(pattern.test('/api/nxsys/candidates/SR-%ZZ')).toBe(true);
    expect(pattern.test('/api/nxsys/candidates/SR-12%20')).toBe(false);
    expect(pattern.test('/api/nxsys/candidates/SR-12')).toBe(false);
  });
});
