// Security suite, what a request may carry and what leaves the server: F6 (the callback's Referrer-Policy),
// F7 (dev logs), F8 (money bounds and signs), F10 (oversized requests), F13 (CSV cells), F14 (JSON bodies).
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as candidatesRoute from '@/app/api/candidates/route';
import * as timesheetsRoute from '@/app/api/timesheets/route';
import { formatGbp, lineAmounts, penceToString, sheetTotals, toPence } from '@/lib/money';
import { redactingWriter, redactSecrets } from '@/lib/log-redaction';
import { securityHeaderRules } from '@/lib/security-headers.mjs';
import { csvCell } from '@/lib/server/csv';
import { MAX_JSON_BODY_BYTES } from '@/lib/server/http/route';
import { checkTotals } from '@/lib/timesheets/server';
import { payslipSchema } from '@/lib/payslips/schema';
import { timesheetLineSchema } from '@/lib/timesheets/schema';
import { proxy } from '@/proxy';
import { testDb } from '../helpers/db';
import { APP, call, configure, errorCode, signedIn, type Person } from './harness';

vi.mock('next/headers', () => import('./next-headers-stub'));

const db = testDb();
const envBefore = { ...process.env };
let staff: Person;
beforeAll(async () => {
  configure();
  staff = await signedIn(db, 'STAFF');
});
afterAll(async () => {
  process.env = envBefore;
  await db.$disconnect();
});

describe('F6 the OAuth callback keeps Referrer-Policy: no-referrer', () => {
  /** Next applies every matching rule in order, a later one overriding a header of an earlier one. */
  function effectiveHeaders(path: string) {
    const headers = new Map<string, string>();
    for (const rule of securityHeaderRules({ production: true })) {
      const pattern = new RegExp(`^${rule.source.replace('/:path*', '(?:/.*)?')}$`);
      if (pattern.test(path)) for (const h of rule.headers) headers.set(h.key.toLowerCase(), h.value);
    }
    return headers;
  }
  it('is not overwritten by the global header rule, which every other path keeps', () => {
    expect(effectiveHeaders('/api/nxsys/callback').get('referrer-policy')).toBe('no-referrer');
    expect(effectiveHeaders('/api/nxsys/callback').get('x-frame-options')).toBe('DENY');
    expect(effectiveHeaders('/candidates').get('referrer-policy')).toBe('strict-origin-when-cross-origin');
  });
});

describe('F7 dev logs never carry codes, states or tokens', () => {
  it('redacts the callback request line Next prints, and token fields', () => {
    const line = ' GET /api/nxsys/callback?code=SECRETCODE123&state=STATEVALUE456 303 in 511ms (next.js: 480ms)';
    expect(redactSecrets(line)).toBe(' GET /api/nxsys/callback?code=[redacted]&state=[redacted] 303 in 511ms (next.js: 480ms)');
    expect(redactSecrets('{"accessToken":"abc","refresh_token": "def","name":"x"}')).toBe(
      '{"accessToken":"[redacted]","refresh_token": "[redacted]","name":"x"}',
    );
    expect(redactSecrets('GET /candidates?country=uk&search=leo 200')).toBe('GET /candidates?country=uk&search=leo 200');
  });

  it('redacts a secret split across two chunks of the dev server output', async () => {
    let written = '';
    const write = redactingWriter((t) => (written += t), 10);
    write(' GET /api/nxsys/callback?code=SECRET');
    write('CODE123&state=STATE456 303 in 5ms\n partial line with state=');
    await new Promise((r) => setTimeout(r, 30));
    expect(written).not.toMatch(/SECRET|CODE123|STATE456/);
    expect(written).toContain('code=[redacted]&state=[redacted] 303');
  });
});

describe('F8 money: exact decimals, signs, and bounds at the field', () => {
  it('refuses absurd, negative and over-precise rates and units at the field', () => {
    const line = (rate: string, units: string) => timesheetLineSchema.safeParse({ rateId: 'PR-1', rate, units, vatID: 'VC-1' });
    expect(line('9999999999999999999999', '1').success).toBe(false);
    expect(line('100000.0001', '1').success).toBe(false);
    expect(line('1', '10000.5').success).toBe(false);
    expect(line('-5', '1').success).toBe(false);
    expect(line('1e30', '1').success).toBe(false);
    expect(line('100000', '10000').success).toBe(true);
    expect(line('17.5', '37.5').success).toBe(true);
  });

  it('the timesheet route answers 400 at the field for an absurd rate (nothing reaches Nxsys)', async () => {
    const body = {
      subcontractorRef: 'SR-1',
      startDate: '2026-11-02',
      endDate: '2026-11-08',
      taxYear: 2026,
      taxPeriodConfig: 32,
      rates: [{ rateId: 'PR-1', rate: '99999999999999999999', units: '99999999999999999999', vatID: 'VC-1' }],
    };
    const response = await call(
      timesheetsRoute.POST,
      '/api/timesheets',
      {},
      { method: 'POST', cookie: staff.cookie, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
    expect(response.status).toBe(400);
    const json = (await response.json()) as { error: { code: string; fieldErrors: Record<string, string> } };
    expect(json.error.code).toBe('validation_failed');
    expect(Object.keys(json.error.fieldErrors)).toEqual(expect.arrayContaining(['rates.0.rate', 'rates.0.units']));
  });

  it('totals are exact and never in exponent notation, even for what Nxsys sends back', () => {
    const max = lineAmounts('100000', '10000', 20)!;
    expect(penceToString(sheetTotals([max, max]).totalPence)).toBe('2400000000.00');
    const huge = checkTotals({
      totalNet: 1,
      totalVat: 0,
      totalPrices: 1,
      rates: [{ rate: '99999999999999999', units: '99999999999999999', VATRate: '20%' }],
    });
    for (const value of Object.values(huge.ours)) expect(value).toMatch(/^-?\d+\.\d{2}$/);
    expect(lineAmounts('0.1', '3', 0)).toEqual({ netPence: 30, vatPence: 0 });
  });

  it('negative payslip amounts are kept and shown as negatives', () => {
    const payslip = payslipSchema.parse({ id: 'PL-1', net: '-20.00', tax: -1.5, gross: '0.00' });
    expect(payslip.figures).toMatchObject({ net: '-20.00', tax: '-1.50', gross: '0.00' });
    expect(formatGbp(payslip.figures.net)).toBe('-£20.00');
    expect(toPence('-0.005')).toBe(-1); // half away from zero, like the positive side
  });
});

describe('F10 oversized requests fail fast with a clear 4xx', () => {
  const cookie = `next-auth.session-token=${'a'.repeat(600)}`;
  it('a ~9 KB URL is a 414 from the proxy, before any rendering', async () => {
    // The proxy itself answers (no page or route handler runs): fast by construction, so no wall-clock bound here.
    const response = await proxy(new NextRequest(`${APP}/candidates?search=${'x'.repeat(9_000)}`, { headers: { cookie } }));
    expect(response.status).toBe(414);
    const api = await proxy(new NextRequest(`${APP}/api/nxsys/candidates?search=${'x'.repeat(9_000)}`, { headers: { cookie } }));
    expect(api.status).toBe(414);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('uri_too_long');
  });

  it('~13 KB of cookies is a 431; an ordinary request passes', async () => {
    const big = await proxy(new NextRequest(`${APP}/candidates`, { headers: { cookie: `${cookie}; junk=${'j'.repeat(13_000)}` } }));
    expect(big.status).toBe(431);
    const ok = await proxy(new NextRequest(`${APP}/api/nxsys/candidates?search=leo`, { headers: { cookie } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-middleware-next')).toBe('1');
  });
});

describe('F13 CSV cells', () => {
  it.each([
    ['=1+1', "'=1+1"],
    [' =1+1', "' =1+1"],
    ['\u0001@SUM(A1)', "'@SUM(A1)"], // control characters are dropped, the formula still caught
    ['\t+1', "'\t+1"],
    ['\r-1+2', `"'\r-1+2"`],
    ['Bob;=HYPERLINK("x")', `"Bob;'=HYPERLINK(""x"")"`],
    ['Bob, -1+2', `"Bob, '-1+2"`],
    ['Nu\u0000ll', 'Null'],
    ['-20.00', '-20.00'],
    ["O'Brien-Łukasz", "O'Brien-Łukasz"],
  ])('%j → %j', (input, output) => {
    expect(csvCell(input)).toBe(output);
  });
});

describe('F14 JSON bodies: application/json only, at most 1 MB', () => {
  const post = (headers: Record<string, string>, body: BodyInit) =>
    call(candidatesRoute.POST, '/api/candidates?country=uk', {}, { method: 'POST', cookie: staff.cookie, headers, body });

  it('refuses JSON sent as text/plain (or form) with 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'text/plain; charset=application/json']) {
      const response = await post({ 'content-type': type }, '{"generalSetting":{}}');
      expect(response.status).toBe(415);
      expect(await errorCode(response)).toBe('unsupported_media_type');
    }
  });

  it('refuses a body over 1 MB with 413, by its declared length and while streaming', async () => {
    const big = JSON.stringify({ generalSetting: { forename: 'x'.repeat(2 * MAX_JSON_BODY_BYTES) } });
    const declared = await post({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(big)) }, big);
    expect(declared.status).toBe(413);
    expect(await errorCode(declared)).toBe('payload_too_large');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 40) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const streamed = await post({ 'content-type': 'application/json' }, stream);
    expect(streamed.status).toBe(413);
  });

  it('reads an ordinary JSON body (then validates it)', async () => {
    const response = await post({ 'content-type': 'application/json; charset=utf-8' }, '{"generalSetting":{}}');
    expect([400, 409]).toContain(response.status);
    expect(['validation_failed', 'nxsys_not_connected']).toContain(await errorCode(response));
  });
});
